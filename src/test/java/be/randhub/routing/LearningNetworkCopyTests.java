package be.randhub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import be.randhub.privacy.KnownNames;
import be.randhub.privacy.Scrubber;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The learning network's copy of a document, on its own: which fields are scrubbed, and how often the names are looked up. */
class LearningNetworkCopyTests {

    final AtomicInteger lookups = new AtomicInteger();

    /** The hub holds Amina Haddad's name; each call is one database lookup. */
    final KnownNames known = (Collection<String> tokens) -> {
        lookups.incrementAndGet();
        return tokens.stream().filter(Set.of("amina", "haddad")::contains).collect(Collectors.toSet());
    };

    final LearningNetworkCopy copies = new LearningNetworkCopy(new Scrubber(known));

    final JsonMapper json = JsonMapper.builder().build();

    ObjectNode minutes() {
        return (ObjectNode) json.readTree("""
                {"schemaVersion":1,"documentId":"riso-amina-haddad-2026","type":"meeting-minutes","partner":"riso",
                 "municipality":"23098","createdAt":"2026-11-28T09:00:00+01:00",
                 "payload":{"meeting":{"date":"2026-11-20","kind":"steering-group","title":"Gesprek met Amina"},
                  "attendees":[{"organisation":"RISO","name":"Griet Verhaegen"}],
                  "decisions":["Haddad krijgt een pas","Amina belt terug","Nog een avond"],
                  "summary":"Amina Haddad kwam.",
                  "attachment":{"fileName":"Verslag Amina Haddad.pdf","sha256":"%s","shareable":true}}}
                """.formatted("a".repeat(64)));
    }

    @Test
    void everyTextIsScrubbedTheDocumentIdAndTheFileNameToo() {
        ObjectNode copy = copies.of(minutes(), new TreeMap<>());

        assertThat(copy.path("documentId").asString()).isEqualTo("riso-[name]-[name]-2026");
        assertThat(copy.at("/payload/attachment/fileName").asString()).isEqualTo("Verslag [name] [name].pdf");
        assertThat(copy.at("/payload/summary").asString()).isEqualTo("[name] [name] kwam.");
        assertThat(copy.toString()).doesNotContainIgnoringCase("amina").doesNotContainIgnoringCase("haddad");
    }

    @Test
    void structuralFieldsStay() {
        ObjectNode copy = copies.of(minutes(), new TreeMap<>());

        assertThat(copy.path("type").asString()).isEqualTo("meeting-minutes");
        assertThat(copy.path("partner").asString()).isEqualTo("riso");
        assertThat(copy.path("municipality").asString()).isEqualTo("23098");
        assertThat(copy.path("createdAt").asString()).isEqualTo("2026-11-28T09:00:00+01:00");
        assertThat(copy.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(copy.at("/payload/attachment/sha256").asString()).isEqualTo("a".repeat(64));
        assertThat(copy.at("/payload/meeting/date").asString()).isEqualTo("2026-11-20");
    }

    @Test
    void namesRunTogetherAndPhoneNumbersInsideTheDocumentIdAreScrubbedInTheSameLookup() {
        ObjectNode minutes = minutes();
        minutes.put("documentId", "riso-AminaHaddad-0470123456-339");
        minutes.withObject("/payload/attachment").put("fileName", "Verslag aminahaddad.pdf");
        minutes.withObject("/payload").put("summary", "Amina\u2063Haddad kwam.");

        ObjectNode copy = copies.of(minutes, new TreeMap<>());

        assertThat(copy.path("documentId").asString()).isEqualTo("riso-[name][name]-[phone]-339");
        assertThat(copy.at("/payload/attachment/fileName").asString()).isEqualTo("Verslag [name][name].pdf");
        assertThat(copy.at("/payload/summary").asString()).isEqualTo("[name][name] kwam.");
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void theNamesAreLookedUpOncePerCopy() {
        Map<String, Integer> removed = new TreeMap<>();
        copies.of(minutes(), removed);

        assertThat(lookups.get()).isEqualTo(1);
    }
}
