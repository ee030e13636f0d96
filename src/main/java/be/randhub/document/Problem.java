package be.randhub.document;

/**
 * One thing wrong with a document: where (a JSON pointer into the document, "" for the whole of it) and what,
 * in words a partner can act on. Messages never repeat the values a partner sent.
 */
public record Problem(String pointer, String message) {
}
