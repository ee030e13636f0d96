package be.randhub.language;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.stereotype.Component;

import be.randhub.document.Problem;

/**
 * The hub's texts in each of its languages, from {@code i18n/messages_<language>.properties}. Every value is a
 * {@link MessageFormat} pattern (an apostrophe written {@code ''}), formatted here whether or not it has arguments;
 * a key missing in one language falls back to English (a test keeps the three catalogues complete).
 */
@Component
public class Catalogue {

    /** The catalogue's base name (the portal has its own, {@code i18n/portal}). */
    public static final String BASENAME = "i18n/messages";
    /** The console's texts are the keys that start with this; its pages name them without it. */
    public static final String CONSOLE_PREFIX = "console.";

    private final MessageSource messages;

    public Catalogue(MessageSource messages) {
        this.messages = messages;
    }

    /** The catalogue read straight from the class path, for code and tests without a Spring context. */
    public static Catalogue fromClassPath() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename(BASENAME);
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return new Catalogue(source);
    }

    /** The catalogue's keys that start with the prefix (as the default language, Dutch, lists them). */
    public List<String> keys(String prefix) {
        String resource = BASENAME + "_" + Languages.DEFAULT.getLanguage() + ".properties";
        try {
            return PropertiesLoaderUtils.loadProperties(new EncodedResource(new ClassPathResource(resource), StandardCharsets.UTF_8))
                    .stringPropertyNames().stream().filter(key -> key.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the hub's texts " + resource + " are missing from the build", e);
        }
    }

    public String text(Locale language, Text text) {
        String pattern = messages.getMessage(text.key(), null, null, language);
        if (pattern == null || pattern.isEmpty()) {
            pattern = messages.getMessage(text.key(), null, text.key(), Locale.ENGLISH);
        }
        Object[] arguments = text.arguments().stream()
                .map(argument -> argument instanceof Text inner ? text(language, inner) : argument).toArray();
        return new MessageFormat(pattern, language).format(arguments);
    }

    public String text(Locale language, String key, Object... arguments) {
        return text(language, Text.of(key, arguments));
    }

    /** The problem with its message in the language. */
    public Problem localized(Problem problem, Locale language) {
        return problem.withMessage(text(language, problem.text()));
    }

    public List<Problem> localized(List<Problem> problems, Locale language) {
        return problems.stream().map(problem -> localized(problem, language)).toList();
    }
}
