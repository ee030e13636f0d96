package be.randhub.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sample documents of each type, valid as they come; a test changes what it is about with {@link Doc#set} or
 * {@link Doc#remove}. Every document gets a documentId of its own.
 */
public final class TestDocuments {

    public static final String GIVEN_NAME = "Amina";
    public static final String FAMILY_NAME = "Haddad";
    public static final String PHONE = "+32 470 12 34 56";
    public static final String EMAIL = "amina.haddad@example.org";
    public static final String ATTENDEE_NAME = "Griet Verhaegen";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private TestDocuments() {
    }

    public static String uniqueId(String partner) {
        return partner + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    public static Doc referral(String from, String target) {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode person = payload.putObject("person");
        person.put("givenName", GIVEN_NAME);
        person.put("familyName", FAMILY_NAME);
        person.put("birthYear", 1991);
        person.putArray("languages").add("ar").add("fr");
        person.put("phone", PHONE);
        person.put("email", EMAIL);
        payload.putObject("consent").put("given", true).put("date", "2026-11-24");
        ObjectNode targetNode = payload.putObject("target");
        targetNode.put("partner", target);
        targetNode.putObject("activity").put("name", "Babycafé Wemmel").put("category", "family");
        payload.putArray("needs").add("meet other parents").add("practise Dutch");
        return envelope("referral", from, TestPartners.WEMMEL, payload);
    }

    public static Doc status(String from, String referrer, String referralId, String status) {
        ObjectNode payload = JSON.createObjectNode();
        payload.putObject("referral").put("partner", referrer).put("documentId", referralId);
        payload.put("status", status);
        payload.put("reasonCode", "other");
        payload.put("note", "First meeting planned.");
        return envelope("referral-status", from, TestPartners.WEMMEL, payload);
    }

    public static Doc feedbackReport(String from, String municipality) {
        ObjectNode payload = JSON.createObjectNode();
        payload.putObject("period").put("from", "2026-11-01").put("to", "2026-11-28");
        payload.putObject("activity").put("name", "Buurtsoep").put("category", "welcome");
        payload.putObject("participants").put("total", 23).put("newcomers", 9);
        payload.putArray("outcomes").add("Nine newcomer families joined the soup evenings");
        payload.putArray("signals").add("Need for childcare during the evenings");
        return envelope("feedback-report", from, municipality, payload);
    }

    public static Doc minutes(String from, String municipality) {
        ObjectNode payload = JSON.createObjectNode();
        payload.putObject("meeting").put("date", "2026-11-20").put("kind", "steering-group").put("title", "Stuurgroep november");
        ArrayNode attendees = payload.putArray("attendees");
        attendees.addObject().put("organisation", "RISO").put("name", ATTENDEE_NAME);
        attendees.addObject().put("organisation", "Gemeente Drogenbos").put("name", "Jan Peeters");
        attendees.addObject().put("organisation", "RISO").put("name", "Sofie Claes");
        payload.putArray("decisions").add("Start a second soup evening in Linkebeek");
        payload.put("summary", "The steering group reviewed the first months of the leisure pass.");
        return envelope("meeting-minutes", from, municipality, payload);
    }

    private static Doc envelope(String type, String partner, String municipality, ObjectNode payload) {
        ObjectNode document = JSON.createObjectNode();
        document.put("schemaVersion", 1);
        document.put("documentId", uniqueId(partner));
        document.put("type", type);
        document.put("partner", partner);
        document.put("municipality", municipality);
        document.put("createdAt", "2026-11-28T09:00:00+01:00");
        document.set("payload", payload);
        return new Doc(document);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small but well-formed PDF with the given text inside. */
    public static byte[] pdf(String text) {
        String body = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% " + text + "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        return body.getBytes(StandardCharsets.US_ASCII);
    }

    /** A document under construction. */
    public static final class Doc {
        private final ObjectNode json;

        Doc(ObjectNode json) {
            this.json = json;
        }

        public String documentId() {
            return json.path("documentId").asString();
        }

        /** Sets the value at a JSON pointer ("/payload/consent/given"), creating objects on the way. */
        public Doc set(String pointer, Object value) {
            int slash = pointer.lastIndexOf('/');
            String parentPointer = pointer.substring(0, slash);
            String field = pointer.substring(slash + 1);
            JsonNode existing = json.at(parentPointer);
            if (existing instanceof ArrayNode array) {
                array.set(Integer.parseInt(field), JSON.valueToTree(value));
            } else {
                ObjectNode parent = parentPointer.isEmpty() ? json : json.withObject(parentPointer);
                parent.set(field, JSON.valueToTree(value));
            }
            return this;
        }

        public Doc remove(String pointer) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = json.at(pointer.substring(0, slash));
            if (parent instanceof ObjectNode object) {
                object.remove(pointer.substring(slash + 1));
            }
            return this;
        }

        public Doc attachment(byte[] pdf, String fileName, boolean shareable) {
            ObjectNode attachment = json.withObject("/payload/attachment");
            attachment.put("fileName", fileName);
            attachment.put("sha256", sha256(pdf));
            attachment.put("shareable", shareable);
            return this;
        }

        public String json() {
            return JSON.writeValueAsString(json);
        }

        @Override
        public String toString() {
            return json();
        }
    }
}
