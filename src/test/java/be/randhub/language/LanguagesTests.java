package be.randhub.language;

import static be.randhub.support.TestPartners.DUTCH_SPEAKING;
import static be.randhub.support.TestPartners.FRENCH_SPEAKING;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.KRAAINEM;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/**
 * Receipts and problems in Dutch (the default), French and English: over HTTP by Accept-Language (or {@code ?lang=}),
 * over files and JMS by the language the registry gives the sending partner. The refusal of Kraainem says in each
 * language that it is not part of the cooperation, and names the five municipalities that are.
 */
@HubTest
class LanguagesTests {

    static final List<String> MEMBERS = List.of("Drogenbos", "Linkebeek", "Sint-Genesius-Rode", "Wemmel", "Wezembeek-Oppem");
    static final Map<String, String> NOT_PART = Map.of(
            "nl", "de gemeente Kraainem (23099) maakt geen deel uit van de samenwerking",
            "fr", "la commune de Kraainem (23099) ne fait pas partie de la coopération",
            "en", "municipality Kraainem (23099) is not part of the cooperation");
    static final Map<String, String> REFUSED = Map.of("nl", "geweigerd: 1 probleem", "fr", "refusé : 1 problème",
            "en", "refused: 1 problem");
    static final Map<String, String> TITLE = Map.of("nl", "Document geweigerd", "fr", "Document refusé", "en", "Document refused");

    @Autowired
    HubClient hub;

    @Test
    void overHttpTheRefusalOfKraainemIsInTheLanguageAsked() {
        for (String language : List.of("nl", "fr", "en")) {
            JsonNode problem = post(language + ";q=0.9, de;q=0.5", "");
            assertRefusalOfKraainem(problem.path("errors"), language);
            assertThat(problem.path("detail").asString()).as(language).startsWith(REFUSED.get(language));
            assertThat(problem.path("title").asString()).as(language).isEqualTo(TITLE.get(language));
        }
    }

    @Test
    void overHttpDutchWhenNoneOfTheThreeIsAskedAndLangChoosesOverTheHeader() {
        assertRefusalOfKraainem(post("de, es;q=0.8", "").path("errors"), "nl");
        assertRefusalOfKraainem(post("", "").path("errors"), "nl");
        assertRefusalOfKraainem(post("en", "?lang=fr").path("errors"), "fr");
    }

    @Test
    void overFilesAndJmsTheRefusalIsInTheSendersRegistryLanguage() {
        for (HubClient.Way way : List.of(HubClient.Way.FILE, HubClient.Way.JMS)) {
            for (Map.Entry<String, String> partner : Map.of(DUTCH_SPEAKING, "nl", FRENCH_SPEAKING, "fr", KANAK, "en").entrySet()) {
                JsonNode receipt = hub.submit(way, partner.getKey(), TestDocuments.feedbackReport(partner.getKey(), KRAAINEM).json());
                assertThat(receipt.path("status").asString()).isEqualTo("rejected");
                assertRefusalOfKraainem(receipt.path("errors"), partner.getValue());
                assertThat(receipt.path("message").asString()).as(way + " " + partner).startsWith(REFUSED.get(partner.getValue()));
            }
        }
    }

    @Test
    void anAcceptedDocumentsReceiptIsInTheSendersLanguageToo() {
        JsonNode receipt = hub.submit(HubClient.Way.FILE, FRENCH_SPEAKING,
                TestDocuments.feedbackReport(FRENCH_SPEAKING, be.randhub.support.TestPartners.WEMMEL).json());
        assertThat(receipt.path("status").asString()).isEqualTo("accepted");
        assertThat(receipt.path("message").asString()).startsWith("accepté : en route vers");
    }

    @Test
    void aNoticeAboutAnUnansweredReferralIsInTheReferrersLanguage() {
        Map<String, String> expected = Map.of(DUTCH_SPEAKING, "de-rand heeft sinds ", FRENCH_SPEAKING, "de-rand n’a pas répondu à cette orientation");
        for (Map.Entry<String, String> referrer : expected.entrySet()) {
            TestDocuments.Doc referral = TestDocuments.referral(referrer.getKey(), be.randhub.support.TestPartners.DE_RAND);
            assertThat(hub.post(referrer.getKey(), referral.json()).status()).isEqualTo(202);
            String selector = "hubNotice = 'unanswered-referral' AND hubReferral = '" + referrer.getKey() + "/" + referral.documentId() + "'";
            JsonNode notice = hub.receive(referrer.getKey(), "partner." + referrer.getKey() + ".outbox", selector, HubClient.PATIENCE)
                    .map(hub::text).map(hub::readJsonText).orElseThrow(() -> new AssertionError("no notice"));
            assertThat(notice.path("message").asString()).startsWith(referrer.getValue());
        }
    }

    @Test
    void theHubsOtherProblemsOverHttpAreInTheLanguageAskedToo() {
        HubClient.Answer missing = hub.send(KANAK, HttpRequest.newBuilder(hub.uri("/api/v1/documents/nothing/here"))
                .header(HttpHeaders.ACCEPT_LANGUAGE, "fr-BE").GET());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("title").asString()).isEqualTo("Introuvable");
        assertThat(missing.json().path("detail").asString()).isEqualTo("cette ressource n’existe pas");
    }

    private JsonNode post(String acceptLanguage, String query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("/api/v1/documents" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestDocuments.feedbackReport(KANAK, KRAAINEM).json()));
        // an empty Accept-Language: none asked (the test client otherwise asks for English)
        request.header(HttpHeaders.ACCEPT_LANGUAGE, acceptLanguage.isEmpty() ? "*;q=0" : acceptLanguage);
        HubClient.Answer answer = hub.send(KANAK, request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        return answer.json();
    }

    /** One error at /municipality, coded for programs, worded in the language: not part of the cooperation, the five named. */
    private static void assertRefusalOfKraainem(JsonNode errors, String language) {
        assertThat(errors.size()).as(errors.toString()).isEqualTo(1);
        JsonNode error = errors.get(0);
        assertThat(error.path("pointer").asString()).isEqualTo("/municipality");
        assertThat(error.path("code").asString()).isEqualTo("municipality.outside-cooperation");
        assertThat(error.path("message").asString()).as(language).startsWith(NOT_PART.get(language)).contains(MEMBERS);
    }
}
