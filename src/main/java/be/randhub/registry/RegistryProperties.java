package be.randhub.registry;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The partner registry as written in {@code registry.yaml} (or the file {@code HUB_REGISTRY} points to). */
@ConfigurationProperties("hub.registry")
public record RegistryProperties(List<Municipality> municipalities, List<Partner> partners) {

    public RegistryProperties {
        municipalities = municipalities == null ? List.of() : List.copyOf(municipalities);
        partners = partners == null ? List.of() : List.copyOf(partners);
    }
}
