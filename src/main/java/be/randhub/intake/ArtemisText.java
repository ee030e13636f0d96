package be.randhub.intake;

/**
 * Reads the text of an Artemis text message from its body's bytes (as the broker's inbox guard hands it over, a
 * bytes message): a flag (0 for no text), a length, then the characters, two bytes each, low byte first. Every
 * length is checked against what is there: a body made to mislead a decoder is simply not text.
 */
final class ArtemisText {

    private ArtemisText() {
    }

    /** The text, {@code ""} for none, or null when the bytes are not an Artemis text body. */
    static String decode(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        if (body[0] == 0) {
            return body.length == 1 ? "" : null;
        }
        if (body[0] != 1 || body.length < 5) {
            return null;
        }
        long length = ((body[1] & 0xffL) << 24) | ((body[2] & 0xffL) << 16) | ((body[3] & 0xffL) << 8) | (body[4] & 0xffL);
        if (length != body.length - 5 || length % 2 != 0) {
            return null;
        }
        char[] characters = new char[(int) (length / 2)];
        for (int i = 0; i < characters.length; i++) {
            characters[i] = (char) ((body[5 + 2 * i] & 0xff) | (body[6 + 2 * i] & 0xff) << 8);
        }
        return new String(characters);
    }
}
