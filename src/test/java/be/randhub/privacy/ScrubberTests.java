package be.randhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;

/**
 * The learning network's scrubbing on a corpus of free text (src/test/resources/scrubbing/corpus.tsv): planted
 * contact data and known names come out, ordinary numbers (dates, counts, postcodes, amounts) stay.
 */
class ScrubberTests {

    /** The names the hub holds from referrals in municipality 23102, as PersonNames would answer. */
    static final KnownNames KNOWN = (String municipality, Collection<String> words) -> {
        Set<String> known = new HashSet<>();
        for (String word : words) {
            if ("23102".equals(municipality) && Set.of("amina", "haddad", "zoe").contains(PersonNames.normalise(word))) {
                known.add(word);
            }
        }
        return known;
    };

    Scrubber scrubber = new Scrubber(KNOWN);

    static Stream<Arguments> corpus() {
        try {
            String text = new ClassPathResource("scrubbing/corpus.tsv").getContentAsString(StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t")).map(parts -> Arguments.of(parts[0], parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void scrubsPlantedDataAndLeavesOrdinaryNumbers(String input, String expected) {
        assertThat(scrubber.scrub(input, "23102").text()).isEqualTo(expected);
    }

    @Test
    void countsWhatItRemovedPerKindWithoutKeepingIt() {
        Scrubber.Result result = scrubber.scrub("Amina (amina@example.org, 0470 12 34 56) and BE68 5390 0754 7034", "23102");

        assertThat(result.removed()).containsEntry("name", 1).containsEntry("e-mail", 1).containsEntry("phone", 1)
                .containsEntry("IBAN", 1);
        assertThat(result.removed().toString()).doesNotContain("Amina", "0470", "example");
    }

    @Test
    void namesAreOnlyThoseKnownInTheSameMunicipality() {
        assertThat(scrubber.scrub("Amina Haddad", "23098").text()).isEqualTo("Amina Haddad");
    }

    @Test
    void nameWordsAreNormalisedAndParticlesIgnored() {
        assertThat(PersonNames.tokens("Zoë van der Berg-El Amrani")).containsExactly("zoe", "berg", "amrani");
    }

    @Test
    void plainAndAccentedSpellingsOfANameAreOneWord() {
        assertThat(List.of("ZOE", "Zoë", "zoe", "ZOË")).allSatisfy(word -> assertThat(PersonNames.normalise(word)).isEqualTo("zoe"));
        assertThat(List.of("O'Brien", "O’Brien", "OBRIEN")).allSatisfy(word -> assertThat(PersonNames.normalise(word)).isEqualTo("obrien"));
    }
}
