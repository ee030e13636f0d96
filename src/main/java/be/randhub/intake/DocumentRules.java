package be.randhub.intake;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import be.randhub.document.Document;
import be.randhub.document.DocumentType;
import be.randhub.document.Problem;
import be.randhub.language.Text;
import be.randhub.referral.Referral;
import be.randhub.referral.ReferralLifecycle;
import be.randhub.referral.ReferralStatus;
import be.randhub.referral.ReferralStore;
import be.randhub.registry.Municipality;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;

import tools.jackson.databind.JsonNode;

/**
 * The rules a schema cannot express, each with its own message: the municipality belongs to the cooperation,
 * the sender may send this type there, a referral has consent and a target that exists, a status update answers
 * a referral the hub knows and comes from one of its two parties, counts and periods add up.
 */
@Component
public class DocumentRules {

    private final PartnerRegistry registry;
    private final ReferralStore referrals;

    public DocumentRules(PartnerRegistry registry, ReferralStore referrals) {
        this.registry = registry;
        this.referrals = referrals;
    }

    /**
     * What the rules found: every problem (none when the document keeps every rule), and for a status update the
     * referral it answers, as read for the check (read once: the claim checks it did not change meanwhile).
     */
    public record Checked(List<Problem> problems, Optional<Referral> answered) {
    }

    /**
     * Checks the document against every rule.
     *
     * @param lifecycle whether to check a status update against the referral's current status
     */
    public Checked check(Document document, boolean lifecycle) {
        List<Problem> problems = new ArrayList<>();
        Optional<Referral> answered = Optional.empty();
        Partner sender = registry.find(document.sender()).orElseThrow();
        checkMunicipality(document, sender, problems);
        if (!sender.maySend(document.type())) {
            problems.add(Problem.of("/type", "type.not-allowed", sender.id(), document.type().id(), allowed(sender)));
        }
        switch (document.type()) {
            case REFERRAL -> checkReferral(document, problems);
            case REFERRAL_STATUS -> answered = checkStatusUpdate(document, lifecycle, problems);
            case FEEDBACK_REPORT -> checkFeedback(document.payload(), problems);
            case MEETING_MINUTES -> { }
        }
        return new Checked(problems, answered);
    }

    private void checkMunicipality(Document document, Partner sender, List<Problem> problems) {
        String nis = document.municipality();
        Optional<Municipality> municipality = registry.municipality(nis);
        if (municipality.isEmpty() || !municipality.get().member()) {
            problems.add(municipality.isPresent()
                    ? Problem.of("/municipality", "municipality.outside-cooperation", municipality.get().label(), members())
                    : Problem.of("/municipality", "municipality.unknown", nis, members()));
        } else if (!sender.worksIn(nis)) {
            problems.add(Problem.of("/municipality", "municipality.not-worked-in", sender.id(), municipality.get().label()));
        }
    }

    private void checkReferral(Document referral, List<Problem> problems) {
        JsonNode payload = referral.payload();
        if (!payload.path("consent").path("given").asBoolean(false)) {
            problems.add(Problem.of("/payload/consent/given", "referral.no-consent"));
        }
        String target = referral.referralTarget();
        Optional<Partner> targetPartner = registry.find(target);
        if (targetPartner.isEmpty()) {
            problems.add(Problem.of("/payload/target/partner", "referral.unknown-target", target));
        } else if (targetPartner.get().isReceiver()) {
            problems.add(Problem.of("/payload/target/partner", "referral.target-is-receiver", target));
        }
    }

    private Optional<Referral> checkStatusUpdate(Document update, boolean lifecycle, List<Problem> problems) {
        Document.ReferralKey key = update.answers();
        Optional<Referral> referral = key.referrer() == null || key.documentId() == null ? Optional.empty()
                : referrals.find(key.referrer(), key.documentId());
        if (referral.isEmpty() || !referral.get().concerns(update.sender())) {
            // one answer whether or not the referral exists: a partner must not learn who was referred by others
            problems.add(Problem.of("/payload/referral", "status.unknown-referral", key, update.sender()));
        } else if (lifecycle) {
            ReferralStatus.fromId(update.payload().path("status").asString(""))
                    .flatMap(wanted -> ReferralLifecycle.refusal(referral.get(), update.sender(), wanted))
                    .ifPresent(problems::add);
        }
        return referral.filter(found -> found.concerns(update.sender()));
    }

    private static void checkFeedback(JsonNode payload, List<Problem> problems) {
        JsonNode participants = payload.path("participants");
        if (!participants.path("newcomers").canConvertToLong() || !participants.path("total").canConvertToLong()) {
            return; // not counts the schema accepts: it has said so
        }
        if (participants.path("newcomers").asLong(0) > participants.path("total").asLong(0)) {
            problems.add(Problem.of("/payload/participants/newcomers", "feedback.newcomers-exceed-total",
                    participants.path("newcomers").asLong(), participants.path("total").asLong()));
        }
        try {
            LocalDate from = LocalDate.parse(payload.path("period").path("from").asString());
            LocalDate to = LocalDate.parse(payload.path("period").path("to").asString());
            if (to.isBefore(from)) {
                problems.add(Problem.of("/payload/period", "feedback.period-reversed", to, from));
            }
        } catch (DateTimeParseException schemaAlreadyReportedIt) {
            // the schema's date format check has its own message
        }
    }

    private String members() {
        return registry.members().stream().map(Municipality::label).collect(Collectors.joining(", "));
    }

    private static Object allowed(Partner partner) {
        return partner.sends().isEmpty() ? Text.of("problem.type.not-allowed.nothing")
                : partner.sends().stream().sorted().map(DocumentType::id).collect(Collectors.joining(", "));
    }
}
