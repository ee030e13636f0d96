package be.randhub.registry;

/** What kind of organisation a registry entry is. Receivers take documents in; the others send them. */
public enum PartnerKind {
    NON_PROFIT,
    MUNICIPALITY,
    OCMW,
    SPORTS_COUNCIL,
    RECEIVER;

    public boolean sends() {
        return this != RECEIVER;
    }
}
