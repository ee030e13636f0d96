package be.randhub.registry;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

import be.randhub.document.DocumentType;
import be.randhub.language.Languages;

/**
 * One registry entry: a partner that sends documents, or one of the two receivers.
 *
 * @param id             the partner's id: its folder name, HTTP user, broker user and queue name part
 * @param name           display name
 * @param kind           what kind of organisation it is
 * @param municipalities NIS codes of the municipalities it works in
 * @param sends          the document types it may send
 * @param language       the language of its receipts and notices on the file, SFTP and JMS channels: {@code nl} (the
 *                       default), {@code fr} or {@code en}
 */
public record Partner(String id, String name, PartnerKind kind, List<String> municipalities, Set<DocumentType> sends,
                      String language) {

    @ConstructorBinding
    public Partner {
        municipalities = municipalities == null ? List.of() : List.copyOf(municipalities);
        sends = sends == null ? Set.of() : Set.copyOf(sends);
        language = language == null ? Languages.DEFAULT.getLanguage() : language;
    }

    /** An entry in the default language. */
    public Partner(String id, String name, PartnerKind kind, List<String> municipalities, Set<DocumentType> sends) {
        this(id, name, kind, municipalities, sends, null);
    }

    /** The language of what the hub writes to it outside HTTP (Dutch for a language the registry check refused). */
    public Locale locale() {
        return Languages.of(language).orElse(Languages.DEFAULT);
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
