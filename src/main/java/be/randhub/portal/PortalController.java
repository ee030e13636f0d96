package be.randhub.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.document.DocumentType;
import be.randhub.language.Languages;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;
import be.randhub.security.Principals;

/**
 * What only the portal's pages need: their texts in the reader's language, and who is signed in (what it may
 * send, the municipalities and partners a form offers). Everything else the portal shows comes from the hub's
 * own endpoints (see {@link PortalPages}).
 */
@RestController
@RequestMapping(PortalPages.API)
class PortalController {

    /** The portal's languages, the hub's; the first is the default. */
    static final List<Locale> LANGUAGES = Languages.ALL;

    private final MessageSource messages;
    private final PartnerRegistry registry;
    private final Principals principals;
    private final List<String> keys;

    PortalController(MessageSource messages, PartnerRegistry registry, Principals principals) {
        this.messages = messages;
        this.registry = registry;
        this.principals = principals;
        this.keys = keysOf("i18n/portal_" + LANGUAGES.get(0).getLanguage() + ".properties");
    }

    record Texts(String language, List<String> languages, Map<String, String> texts) {
    }

    /** The portal's texts: in {@code lang} when it is one of the portal's languages, else by Accept-Language, else Dutch. */
    @GetMapping("/texts")
    Texts texts(@RequestParam(name = "lang", required = false) String lang,
                @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        Locale language = language(lang, acceptLanguage);
        Map<String, String> texts = new TreeMap<>();
        for (String key : keys) {
            texts.put(key, messages.getMessage(key, null, key, language));
        }
        return new Texts(language.getLanguage(), LANGUAGES.stream().map(Locale::getLanguage).toList(), texts);
    }

    record Place(String nis, String name, boolean member) {
    }

    record Other(String id, String name) {
    }

    record Me(String id, String name, String role, List<String> sends, List<Place> municipalities, List<Other> partners) {
    }

    /** The signed-in principal, what it may send, and the registry's municipalities and partners (for the forms). */
    @GetMapping("/me")
    Me me(Authentication caller) {
        String id = caller.getName();
        Partner partner = registry.find(id).orElseThrow();
        return new Me(id, partner.name(), principals.role(id).orElseThrow().id(),
                partner.sends().stream().sorted().map(DocumentType::id).toList(),
                registry.municipalities().stream().map(place -> new Place(place.nis(), place.name(), place.member())).toList(),
                registry.senders().stream().map(other -> new Other(other.id(), other.name())).toList());
    }

    static Locale language(String lang, String acceptLanguage) {
        return Languages.choose(lang, acceptLanguage);
    }

    private static List<String> keysOf(String resource) {
        try {
            return PropertiesLoaderUtils.loadProperties(new EncodedResource(new ClassPathResource(resource), StandardCharsets.UTF_8))
                    .stringPropertyNames().stream().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the portal's texts " + resource + " are missing from the build", e);
        }
    }
}
