package be.randhub.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import be.randhub.language.Languages;

/**
 * Who takes part: the municipalities of the cooperation and every partner and receiver, read from configuration.
 * Adding a partner is a change to {@code registry.yaml}; the hub then creates its folders, queues and credentials.
 * The registry is checked once at start-up so a typo stops the hub with a clear message instead of
 * misrouting documents later.
 */
@Component
public class PartnerRegistry {

    public static final String AGENCY = "agency";
    public static final String LEARNING_NETWORK = "learning-network";

    /** Names that are roles or internal users, so no partner may take them. */
    static final Set<String> RESERVED = Set.of("hub", "operator", "privacy-officer", "metrics", "admin", "receipts");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");

    private final Map<String, Partner> partners = new LinkedHashMap<>();
    private final Map<String, Municipality> municipalities = new LinkedHashMap<>();

    public PartnerRegistry(RegistryProperties properties) {
        List<String> problems = new ArrayList<>();
        for (Municipality municipality : properties.municipalities()) {
            municipalities.put(municipality.nis(), municipality);
        }
        for (Partner partner : properties.partners()) {
            if (partner.id() == null || !ID.matcher(partner.id()).matches()) {
                problems.add("partner id '" + partner.id() + "' must be 2-40 lower-case letters, digits or '-'");
            } else if (RESERVED.contains(partner.id())) {
                problems.add("partner id '" + partner.id() + "' is reserved");
            } else if (partners.putIfAbsent(partner.id(), partner) != null) {
                problems.add("partner id '" + partner.id() + "' is listed twice");
            }
            if (Languages.of(partner.language()).isEmpty()) {
                problems.add("partner '" + partner.id() + "' has language '" + partner.language() + "'; the hub writes "
                        + Languages.ALL.stream().map(Locale::getLanguage).collect(Collectors.joining(", ")));
            }
            if (partner.kind() == null) {
                problems.add("partner '" + partner.id() + "' has no kind");
            }
            for (String nis : partner.municipalities()) {
                Municipality municipality = municipalities.get(nis);
                if (municipality == null || !municipality.member()) {
                    problems.add("partner '" + partner.id() + "' works in " + nis + ", which is not a municipality of the cooperation");
                }
            }
        }
        for (String receiver : List.of(AGENCY, LEARNING_NETWORK)) {
            Partner entry = partners.get(receiver);
            if (entry == null || !entry.isReceiver()) {
                problems.add("the registry must list '" + receiver + "' with kind receiver");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The partner registry is not valid: " + String.join("; ", problems));
        }
    }

    public Optional<Partner> find(String id) {
        return Optional.ofNullable(id).map(partners::get);
    }

    /** Partners that send documents (everyone but the receivers), in registry order. */
    public List<Partner> senders() {
        return partners.values().stream().filter(partner -> !partner.isReceiver()).toList();
    }

    public Collection<Partner> all() {
        return partners.values();
    }

    public Optional<Municipality> municipality(String nis) {
        return Optional.ofNullable(nis).map(municipalities::get);
    }

    /** Every municipality the registry knows, members of the cooperation or not, in registry order. */
    public Collection<Municipality> municipalities() {
        return municipalities.values();
    }

    public List<Municipality> members() {
        return municipalities.values().stream().filter(Municipality::member).toList();
    }
}
