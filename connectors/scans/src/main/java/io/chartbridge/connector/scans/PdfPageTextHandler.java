package io.chartbridge.connector.scans;

import java.util.ArrayList;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/** Collects the text of each {@code <div class="page">} Tika's PDF parser emits, one string per page. */
final class PdfPageTextHandler extends DefaultHandler {

    private final List<StringBuilder> pages = new ArrayList<>();
    private StringBuilder current;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        if ("div".equals(localName) && "page".equals(atts.getValue("class"))) {
            current = new StringBuilder();
            pages.add(current);
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        if (current != null && ("p".equals(localName) || "div".equals(localName))) {
            current.append('\n');
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (current != null) {
            current.append(ch, start, length);
        }
    }

    List<String> pages() {
        return pages.stream().map(StringBuilder::toString).toList();
    }
}
