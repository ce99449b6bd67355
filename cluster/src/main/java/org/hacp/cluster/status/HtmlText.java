package org.hacp.cluster.status;

/** Text for HTML pages: every character that could end an element or an attribute is escaped. */
public final class HtmlText {
    private HtmlText() {}

    /** {@code value} as text safe inside an element or a quoted attribute (either quote). */
    public static String escape(Object value) {
        return String.valueOf(value)
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
