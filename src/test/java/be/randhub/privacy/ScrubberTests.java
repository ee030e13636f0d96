package be.randhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;

/**
 * The learning network's scrubbing on a corpus of free text (src/test/resources/scrubbing/corpus.tsv): planted
 * contact data and known names come out, in every spelling the corpus knows; ordinary numbers (dates, counts,
 * postcodes, amounts, references) and the rest of the text stay as they were, byte for byte.
 */
class ScrubberTests {

    /** The people the hub holds referrals for (any municipality; some erased): their names as the referrals spell them. */
    static final List<String> REFERRED = List.of("Amina Haddad", "Youssef El Amrani", "Fatima Zahra Benali", "Zoë Vermeulen",
            "Li Wei", "أمينة حداد", "يوسف العمراني", "Fatoumata Ouedraogo", "Lotte De Witte", "Donald Jacobs");

    /** The name tokens the hub keeps for them, made as PersonNames makes them when a referral comes in. */
    static final Set<String> TOKENS = REFERRED.stream().flatMap(name -> PersonNames.tokens(name).stream())
            .collect(Collectors.toCollection(LinkedHashSet::new));

    /** The names the hub holds, as PersonNames would answer (whatever the municipality). */
    static final KnownNames KNOWN = (Collection<String> tokens) -> tokens.stream().filter(TOKENS::contains).collect(Collectors.toSet());

    Scrubber scrubber = new Scrubber(KNOWN);

    static Stream<Arguments> corpus() {
        try {
            String text = new ClassPathResource("scrubbing/corpus.tsv").getContentAsString(StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t")).map(parts -> Arguments.of(unescape(parts[0]), unescape(parts[1])));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9A-Fa-f]{4})");

    /** The corpus writes invisible and look-alike characters as \\uXXXX. */
    static String unescape(String text) {
        Matcher escape = ESCAPE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
        }
        return escape.appendTail(out).toString();
    }

    @Test
    void theCorpusCoversEveryVariantClass() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(80);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void scrubsPlantedDataAndLeavesOrdinaryNumbers(String input, String expected) {
        assertThat(scrubber.scrub(input).text()).isEqualTo(expected);
    }

    @Test
    void countsWhatItRemovedPerKindWithoutKeepingIt() {
        Scrubber.Result result = scrubber.scrub("Amina (amina@example.org, 0470 12 34 56) and BE68 5390 0754 7034");

        assertThat(result.removed()).containsEntry("name", 1).containsEntry("e-mail", 1).containsEntry("phone", 1)
                .containsEntry("IBAN", 1);
        assertThat(result.removed().toString()).doesNotContain("Amina", "0470", "example");
    }

    @Test
    void nameWordsAreNormalisedAndParticlesIgnored() {
        assertThat(PersonNames.tokens("Zoë van der Berg-El Amrani")).containsExactly("zoe", "berg", "amrani");
    }

    @Test
    void shortNamesAreKeptToo() {
        assertThat(PersonNames.tokens("Li Wei")).containsExactly("li", "wei");
        assertThat(PersonNames.tokens("Yu De")).containsExactly("yu");
    }

    @Test
    void plainAndAccentedSpellingsOfANameAreOneWord() {
        assertThat(List.of("ZOE", "Zoë", "zoe", "ZOË")).allSatisfy(word -> assertThat(PersonNames.normalise(word)).isEqualTo("zoe"));
        assertThat(List.of("O'Brien", "O’Brien", "OBRIEN")).allSatisfy(word -> assertThat(PersonNames.normalise(word)).isEqualTo("obrien"));
    }

    @Test
    void lookAlikeInvisibleAndDecomposedSpellingsOfANameAreOneWord() {
        assertThat(List.of("Zoe\u0308", "Z\u043Ee", "Ｚｏｅ", "Zo\u200Be", "Zo\u00ADe", "ZOE\u0308"))
                .allSatisfy(word -> assertThat(PersonNames.normalise(word)).isEqualTo("zoe"));
        assertThat(List.of("Straß", "STRASS", "strass")).allSatisfy(word -> assertThat(PersonNames.normalise(word)).isEqualTo("strass"));
        assertThat(List.of("İlyas", "ılyas", "ILYAS")).allSatisfy(word -> assertThat(PersonNames.normalise(word)).isEqualTo("ilyas"));
        assertThat(PersonNames.normalise("أَمِينَة")).isEqualTo(PersonNames.normalise("امينه"));
    }

    @Test
    void aNameInsideAnEMailOrANumberIsTakenWithIt() {
        assertThat(scrubber.scrub("amina＠example.org en 0470 12 34 56").text()).isEqualTo("[e-mail] en [phone]");
    }
}
