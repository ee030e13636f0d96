package be.randhub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import be.randhub.document.DocumentType;

/** A registry with a mistake stops the hub at start-up, saying what is wrong. */
class PartnerRegistryTests {

    static final List<Municipality> MUNICIPALITIES = List.of(
            new Municipality("23102", "Wemmel", "1780", true), new Municipality("23099", "Kraainem", "1950", false));
    static final Partner AGENCY = new Partner("agency", "Agentschap", PartnerKind.RECEIVER, List.of(), Set.of());
    static final Partner NETWORK = new Partner("learning-network", "Lerend netwerk", PartnerKind.RECEIVER, List.of(), Set.of());

    @Test
    void validRegistryListsItsSenders() {
        Partner kanak = partner("kanak", "23102");

        PartnerRegistry registry = new PartnerRegistry(new RegistryProperties(MUNICIPALITIES, List.of(AGENCY, NETWORK, kanak)));

        assertThat(registry.senders()).containsExactly(kanak);
        assertThat(registry.members()).extracting(Municipality::name).containsExactly("Wemmel");
    }

    @Test
    void everyMistakeIsNamed() {
        RegistryProperties broken = new RegistryProperties(MUNICIPALITIES, List.of(AGENCY,
                partner("kanak", "23102"), partner("kanak", "23102"), partner("Bad Id", "23102"),
                partner("operator", "23102"), partner("riso", "23099")));

        assertThatThrownBy(() -> new PartnerRegistry(broken))
                .hasMessageContaining("partner id 'kanak' is listed twice")
                .hasMessageContaining("partner id 'Bad Id' must be")
                .hasMessageContaining("partner id 'operator' is reserved")
                .hasMessageContaining("partner 'riso' works in 23099, which is not a municipality of the cooperation")
                .hasMessageContaining("the registry must list 'learning-network' with kind receiver");
    }

    @Test
    void aPartnersLanguageIsDutchUnlessTheRegistrySaysFrenchOrEnglish() {
        Partner kanak = partner("kanak", "23102");
        Partner riso = new Partner("riso", "riso", PartnerKind.NON_PROFIT, List.of("23102"), Set.of(), "fr");
        Partner pin = new Partner("pin", "pin", PartnerKind.NON_PROFIT, List.of("23102"), Set.of(), "de");

        assertThat(kanak.locale().getLanguage()).isEqualTo("nl");
        assertThat(riso.locale().getLanguage()).isEqualTo("fr");
        assertThatThrownBy(() -> new PartnerRegistry(new RegistryProperties(MUNICIPALITIES, List.of(AGENCY, NETWORK, riso, pin))))
                .hasMessageContaining("partner 'pin' has language 'de'; the hub writes nl, fr, en");
    }

    private static Partner partner(String id, String municipality) {
        return new Partner(id, id, PartnerKind.NON_PROFIT, List.of(municipality), Set.of(DocumentType.values()));
    }
}
