package be.randhub.registry;

/**
 * A municipality the hub knows by its NIS code. Only members of the cooperation may be named in a document;
 * non-members are listed so a refusal can say which municipality was meant.
 */
public record Municipality(String nis, String name, String postcode, boolean member) {

    public String label() {
        return name + " (" + nis + ")";
    }
}
