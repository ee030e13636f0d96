package be.randhub.intake;

import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.PIN;
import static be.randhub.support.TestPartners.RISO;
import static be.randhub.support.TestPartners.SPORTS_COUNCIL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/** Every rule beyond the schema refuses with its own message, pointing at the field concerned. */
@HubTest
class DocumentRulesTests {

    @Autowired
    HubClient hub;

    @Test
    void kraainemIsNotPartOfTheCooperation() {
        assertRefused(KANAK, TestDocuments.feedbackReport(KANAK, "23099"), "/municipality",
                "municipality Kraainem (23099) is not part of the cooperation");
    }

    @Test
    void anUnknownNisCodeIsNotPartOfTheCooperation() {
        assertRefused(KANAK, TestDocuments.feedbackReport(KANAK, "44021"), "/municipality",
                "municipality 44021 (not a NIS code the hub knows) is not part of the cooperation");
    }

    @Test
    void aPartnerSendsOnlyTheTypesItsRegistryEntryAllows() {
        assertRefused(SPORTS_COUNCIL, TestDocuments.referral(SPORTS_COUNCIL, DE_RAND).set("/municipality", "23101"), "/type",
                "may not send referral documents; its registry entry allows: referral-status, feedback-report, meeting-minutes");
    }

    @Test
    void aPartnerSendsOnlyAboutMunicipalitiesItWorksIn() {
        assertRefused(SPORTS_COUNCIL, TestDocuments.feedbackReport(SPORTS_COUNCIL, "23102"), "/municipality",
                "does not work in Wemmel (23102)");
    }

    @Test
    void aReferralNeedsConsent() {
        assertRefused(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/consent/given", false),
                "/payload/consent/given", "a referral needs the person's consent");
    }

    @Test
    void aReferralsTargetMustExist() {
        assertRefused(KANAK, TestDocuments.referral(KANAK, "vzw-onbekend"), "/payload/target/partner",
                "target partner 'vzw-onbekend' is not in the partner registry");
    }

    @Test
    void aReferralCannotTargetAReceiver() {
        assertRefused(KANAK, TestDocuments.referral(KANAK, "learning-network"), "/payload/target/partner",
                "cannot be the target of a referral");
    }

    @Test
    void aStatusUpdateMustAnswerAReferralTheHubKnows() {
        assertRefused(DE_RAND, TestDocuments.status(DE_RAND, KANAK, "kanak-never-sent", "accepted"), "/payload/referral",
                "the hub knows no referral kanak/kanak-never-sent");
    }

    @Test
    void onlyTheReferrerAndTheTargetSpeakAboutAReferral() {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        assertThat(hub.post(KANAK, referral.json()).status()).isEqualTo(202);

        assertRefused(PIN, TestDocuments.status(PIN, KANAK, referral.documentId(), "accepted"), "/payload/referral",
                "the hub knows no referral kanak/" + referral.documentId() + " that concerns partner 'pin'");
    }

    @Test
    void aReferralNeedsAPhoneOrAnEmail() {
        assertRefused(KANAK, TestDocuments.referral(KANAK, DE_RAND).remove("/payload/person/phone").remove("/payload/person/email"),
                "/payload/person", "needs at least one of: phone, email");
    }

    @Test
    void newcomersCannotOutnumberParticipants() {
        assertRefused(RISO, TestDocuments.feedbackReport(RISO, "23098").set("/payload/participants/newcomers", 40),
                "/payload/participants/newcomers", "newcomers (40) cannot exceed total (23)");
    }

    @Test
    void aPeriodEndsAfterItStarts() {
        assertRefused(DE_HORIZON, TestDocuments.feedbackReport(DE_HORIZON, "23100").set("/payload/period/to", "2026-10-01"),
                "/payload/period", "the period ends (2026-10-01) before it starts (2026-11-01)");
    }

    @Test
    void documentIdKeepsToItsCharacterSet() {
        assertRefused(KANAK, TestDocuments.feedbackReport(KANAK, "23102").set("/documentId", "../../etc/passwd"), "/documentId",
                "does not match the regex pattern");
    }

    private void assertRefused(String sender, Doc document, String pointer, String message) {
        for (HubClient.Way way : HubClient.Way.values()) {
            JsonNode receipt = hub.submit(way, sender, document.set("/documentId", uniqueIfValid(document)).json());
            assertThat(receipt.path("status").asString()).as(way + ": " + receipt).isEqualTo("rejected");
            assertThat(receipt.path("errors").valueStream()
                    .anyMatch(error -> error.path("pointer").asString().equals(pointer)
                            && error.path("message").asString().contains(message)))
                    .as(way + ": " + receipt.path("errors")).isTrue();
        }
    }

    /** A fresh documentId per channel, so each way is judged on its own (unless the test is about the id). */
    private static String uniqueIfValid(Doc document) {
        return document.documentId().startsWith("..") ? document.documentId() : TestDocuments.uniqueId("rule");
    }
}
