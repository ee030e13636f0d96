package be.randhub.registry;

import java.util.List;
import java.util.Set;

import be.randhub.document.DocumentType;

/**
 * One registry entry: a partner that sends documents, or one of the two receivers.
 *
 * @param id             the partner's id: its folder name, HTTP user, broker user and queue name part
 * @param name           display name
 * @param kind           what kind of organisation it is
 * @param municipalities NIS codes of the municipalities it works in
 * @param sends          the document types it may send
 */
public record Partner(String id, String name, PartnerKind kind, List<String> municipalities, Set<DocumentType> sends) {

    public Partner {
        municipalities = municipalities == null ? List.of() : List.copyOf(municipalities);
        sends = sends == null ? Set.of() : Set.copyOf(sends);
    }

    public boolean isReceiver() {
        return kind == PartnerKind.RECEIVER;
    }

    public boolean maySend(DocumentType type) {
        return sends.contains(type);
    }

    public boolean worksIn(String nis) {
        return municipalities.contains(nis);
    }
}
