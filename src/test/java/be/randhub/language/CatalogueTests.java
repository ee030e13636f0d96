package be.randhub.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import be.randhub.document.Problem;

/**
 * The message catalogues {@code i18n/messages_{nl,fr,en}}: the same keys in each language, none empty, each a
 * pattern that keeps its apostrophes and fills the same arguments; every key the code or the console uses is there,
 * and every key there is used.
 */
class CatalogueTests {

    static final Path SOURCES = Path.of("src", "main", "java");
    static final Path CONSOLE = Path.of("src", "main", "resources", "static", "console");
    /** Literals the code passes as a catalogue key. */
    static final Pattern KEY = Pattern.compile("\"((?:problem|receipt|notice|http|console)\\.[a-z0-9.-]+)\"");
    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+");
    static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** In the console's files: data-text="name" (and data-text-placeholder, -title, -aria-label) and t('name'). */
    static final Pattern CONSOLE_USE = Pattern.compile("data-text(?:-[a-z-]+)?=\"([a-z0-9.-]+)\"|(?<![\\w.])t\\('([a-z0-9.-]+)'");
    static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    @Test
    void everyLanguageHasEveryKeyAndNoneIsEmpty() throws IOException {
        Map<String, Properties> catalogues = catalogues();
        Set<String> keys = catalogues.get("nl").stringPropertyNames();
        assertThat(keys).isNotEmpty();
        catalogues.forEach((language, texts) -> {
            assertThat(texts.stringPropertyNames()).as("keys of messages_" + language + " (against nl)")
                    .containsExactlyInAnyOrderElementsOf(keys);
            texts.forEach((key, value) -> assertThat(value.toString().trim()).as(language + ": " + key).isNotEmpty());
        });
    }

    @Test
    void everyTextIsAPatternThatKeepsItsApostrophesAndFillsTheSameArguments() throws IOException {
        Map<String, Properties> catalogues = catalogues();
        for (String key : catalogues.get("en").stringPropertyNames()) {
            Set<String> arguments = null;
            for (Map.Entry<String, Properties> catalogue : catalogues.entrySet()) {
                String value = catalogue.getValue().getProperty(key);
                if (value == null) {
                    continue; // the test above says so
                }
                new MessageFormat(value, Locale.forLanguageTag(catalogue.getKey())); // throws when it is not a pattern
                assertThat(Pattern.compile("(?<!')'(?!')").matcher(value.replace("''", "")).find())
                        .as(catalogue.getKey() + ": " + key + " has a lone apostrophe (write '' or ’)").isFalse();
                Set<String> used = ARGUMENT.matcher(value).results().map(match -> match.group(1)).collect(Collectors.toCollection(TreeSet::new));
                if (arguments == null) {
                    arguments = used;
                } else {
                    assertThat(used).as("arguments of " + key + " in " + catalogue.getKey()).isEqualTo(arguments);
                }
            }
        }
    }

    @Test
    void everyKeyTheCodeUsesIsInTheCatalogue() throws IOException {
        Set<String> keys = catalogues().get("en").stringPropertyNames();
        Set<String> used = new TreeSet<>();
        for (String source : sources().values()) {
            KEY.matcher(source).results().map(match -> match.group(1)).forEach(used::add);
            for (String call : List.of("Problem.of(", "Refusal.invalid(")) {
                for (int at = source.indexOf(call); at >= 0; at = source.indexOf(call, at + 1)) {
                    literals(arguments(source, at + call.length())).stream().filter(text -> CODE.matcher(text).matches())
                            .findFirst().ifPresent(code -> used.add(Problem.KEY_PREFIX + code));
                }
            }
            // codes kept in tables (the schema's keywords)
            Pattern.compile("\"(schema\\.[a-z0-9.-]+)\"").matcher(source).results()
                    .forEach(match -> used.add(Problem.KEY_PREFIX + match.group(1)));
        }
        consoleUses().forEach(name -> used.add(Catalogue.CONSOLE_PREFIX + name));
        assertThat(used).as("keys used").isNotEmpty();
        assertThat(keys).as("the catalogue lacks keys the code uses").containsAll(used);
    }

    @Test
    void everyKeyInTheCatalogueIsUsed() throws IOException {
        Set<String> literals = new TreeSet<>();
        for (String source : sources().values()) {
            LITERAL.matcher(source).results().map(match -> match.group(1)).forEach(literals::add);
        }
        Set<String> console = consoleUses();
        List<String> unused = new ArrayList<>();
        for (String key : catalogues().get("en").stringPropertyNames()) {
            boolean used = literals.contains(key)
                    || key.startsWith(Problem.KEY_PREFIX) && literals.contains(key.substring(Problem.KEY_PREFIX.length()))
                    || key.startsWith(Catalogue.CONSOLE_PREFIX) && console.contains(key.substring(Catalogue.CONSOLE_PREFIX.length()));
            if (!used) {
                unused.add(key);
            }
        }
        assertThat(unused).as("keys nothing uses").isEmpty();
    }

    static Map<String, Properties> catalogues() throws IOException {
        Map<String, Properties> catalogues = new TreeMap<>();
        for (Locale language : Languages.ALL) {
            Properties texts = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of("src", "main", "resources", Catalogue.BASENAME + "_"
                    + language.getLanguage() + ".properties"), StandardCharsets.UTF_8)) {
                texts.load(in);
            }
            catalogues.put(language.getLanguage(), texts);
        }
        return catalogues;
    }

    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".java")).toList()) {
                sources.put(file, Files.readString(file));
            }
        }
        return sources;
    }

    /** The text names the console's pages and script use. */
    static Set<String> consoleUses() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(CONSOLE)) {
            for (Path file : files.filter(file -> file.toString().matches(".*\\.(html|js)")).toList()) {
                Matcher uses = CONSOLE_USE.matcher(Files.readString(file));
                while (uses.find()) {
                    names.add(uses.group(1) != null ? uses.group(1) : uses.group(2));
                }
            }
        }
        return names;
    }

    /** The text of a call's arguments, from just after its opening parenthesis to the matching one. */
    private static String arguments(String source, int from) {
        int depth = 1;
        boolean inString = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return source.substring(from, i);
            }
        }
        return source.substring(from);
    }

    private static List<String> literals(String text) {
        return LITERAL.matcher(text).results().map(match -> match.group(1)).toList();
    }
}
