package be.randhub.support;

import java.util.List;

/** The principals the tests act as. */
public final class TestPartners {

    public static final String KANAK = "kanak";
    public static final String RISO = "riso";
    public static final String DE_RAND = "de-rand";
    public static final String DE_HORIZON = "de-horizon";
    public static final String PIN = "pin";
    public static final String SPORTS_COUNCIL = "sportraad-sint-genesius-rode";
    public static final String AGENCY = "agency";
    public static final String LEARNING_NETWORK = "learning-network";
    public static final String OPERATOR = "operator";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String METRICS = "metrics";

    public static final List<String> ALL = List.of(KANAK, RISO, DE_RAND, DE_HORIZON, PIN, SPORTS_COUNCIL, AGENCY,
            LEARNING_NETWORK, OPERATOR, PRIVACY_OFFICER, METRICS);

    /**
     * Two partners only the tests have, for the tests of the languages: their registry entries say Dutch and French
     * (every other partner has English in the tests, which assert the hub's English words in file and JMS receipts).
     */
    public static final String DUTCH_SPEAKING = "taal-nl";
    public static final String FRENCH_SPEAKING = "langue-fr";
    public static final java.util.Map<String, String> LANGUAGES = java.util.Map.of(DUTCH_SPEAKING, "nl", FRENCH_SPEAKING, "fr");

    /** NIS codes. */
    public static final String WEMMEL = "23102";
    public static final String DROGENBOS = "23098";
    public static final String LINKEBEEK = "23100";
    public static final String SINT_GENESIUS_RODE = "23101";
    public static final String KRAAINEM = "23099";

    private TestPartners() {
    }
}
