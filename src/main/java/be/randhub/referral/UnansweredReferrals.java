package be.randhub.referral;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.document.HubHeaders;
import be.randhub.language.Catalogue;
import be.randhub.language.Languages;
import be.randhub.register.AccessRegister;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;
import be.randhub.routing.Outbox;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds referrals nobody answered within {@code hub.referrals.unanswered-after} and makes the notice their
 * referrer receives (operators see a warning in the log). Each referral is reported once; with several hub
 * instances the one that marks it first reports it.
 */
@Component("unansweredReferrals")
public class UnansweredReferrals {

    private static final Logger log = LoggerFactory.getLogger(UnansweredReferrals.class);
    /** Header of a notice on a referrer's outbox queue: what it is about ({@code unanswered-referral}). */
    public static final String NOTICE = "hubNotice";

    private final JdbcTemplate jdbc;
    private final ReferralProperties properties;
    private final JsonMapper json;
    private final Catalogue catalogue;
    private final PartnerRegistry registry;

    public UnansweredReferrals(JdbcTemplate jdbc, ReferralProperties properties, JsonMapper json, Catalogue catalogue,
                               PartnerRegistry registry) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.registry = registry;
        this.properties = properties;
        this.json = json;
    }

    /** The referrals that are now due, each claimed for reporting by this instance. */
    public List<Referral> due() {
        Instant now = Instant.now();
        Timestamp before = Timestamp.from(now.minus(properties.unansweredAfter()));
        List<Referral> candidates = jdbc.query("SELECT * FROM referral WHERE status = 'requested' AND requested_at < ?"
                + " AND reminded_at IS NULL", ReferralStore::map, before);
        List<Referral> claimed = new ArrayList<>();
        for (Referral referral : candidates) {
            int marked = jdbc.update("UPDATE referral SET reminded_at = ? WHERE referrer = ? AND document_id = ? AND reminded_at IS NULL",
                    Timestamp.from(now), referral.referrer(), referral.documentId());
            if (marked == 1) {
                claimed.add(referral);
                log.warn("Referral {}/{} (tracking id {}) to {} is unanswered since {}; its referrer is told",
                        referral.referrer(), referral.documentId(), referral.trackingId(), referral.target(), referral.requestedAt());
            }
        }
        return claimed;
    }

    /** Replaces the body (a referral) with the notice for its referrer, in its language, and addresses it. */
    public void notice(Exchange exchange) {
        Referral referral = exchange.getIn().getBody(Referral.class);
        ObjectNode notice = json.createObjectNode();
        notice.put("notice", "unanswered-referral");
        ObjectNode about = notice.putObject("referral");
        about.put("partner", referral.referrer());
        about.put("documentId", referral.documentId());
        about.put("trackingId", referral.trackingId());
        notice.put("target", referral.target());
        notice.putObject("activity").put("name", referral.activityName()).put("category", referral.activityCategory());
        notice.put("requestedAt", referral.requestedAt().toString());
        notice.put("unansweredFor", properties.unansweredAfter().toString());
        // in the referrer's language (the registry's)
        notice.put("message", catalogue.text(registry.find(referral.referrer()).map(Partner::locale).orElse(Languages.DEFAULT),
                "notice.unanswered-referral", referral.target(), referral.requestedAt()));
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(HubHeaders.RECEIVER, referral.referrer());
        exchange.getIn().setHeader(NOTICE, "unanswered-referral");
        exchange.getIn().setHeader(HubHeaders.REFERRAL, referral.referrer() + "/" + referral.documentId());
        exchange.getIn().setHeader(Outbox.FILE_NAME, "notice-unanswered-" + referral.trackingId() + ".json");
        exchange.setProperty(AccessRegister.ABOUT, referral.trackingId()); // the notice's delivery, in the register, is about the referral's person
        exchange.getIn().setBody(json.writerWithDefaultPrettyPrinter().writeValueAsString(notice));
    }
}
