package be.randhub.document;

/** How a document reached the hub. Every receipt goes back the same way. */
public enum Channel {
    HTTP, FILE, JMS;

    public String id() {
        return name().toLowerCase();
    }

    @Override
    public String toString() {
        return id();
    }
}
