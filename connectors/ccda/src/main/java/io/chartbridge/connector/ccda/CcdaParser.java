package io.chartbridge.connector.ccda;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmNode;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Parses a document's bytes into Saxon's tree with the JDK's SAX parser, hardened: a DOCTYPE is refused outright
 * (no DTD, so no external entity can pull in a file or URL, and no entity can expand a billion times), external
 * DTDs and entities are off besides, and secure processing limits what is left. C-CDA documents never need a DTD.
 */
final class CcdaParser {

    /** Why a document could not be read; the reason names a position, never the document's text (PHI). */
    static final class NotReadable extends Exception {
        NotReadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Ends the parse at the first error without printing it: the JDK's parser and Saxon's default handlers print
     * the message to stderr ("[Fatal Error]", "SXXP0003 Error reported by XML parser"), and it can quote the
     * document (an undeclared entity's name). The exception still reaches {@link #reason}, which names a position.
     */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // nothing a person needs: the document is read as it is
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final SAXParserFactory factory;
    private final CcdaXPath xpath;

    CcdaParser(CcdaXPath xpath) {
        this.xpath = xpath;
        // The JDK's own implementation, whatever SAX provider another library brings onto the classpath.
        factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser does not accept the hardening features", e);
        }
    }

    XdmNode parse(byte[] bytes) throws NotReadable {
        XMLReader reader;
        try {
            reader = factory.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot create a SAX parser", e);
        }
        reader.setErrorHandler(SILENT);
        DocumentBuilder builder = xpath.processor().newDocumentBuilder();
        builder.setLineNumbering(false);
        try {
            return builder.build(new SAXSource(reader, new InputSource(new ByteArrayInputStream(bytes))));
        } catch (SaxonApiException e) {
            throw new NotReadable(reason(e));
        }
    }

    private static String reason(SaxonApiException e) {
        SAXParseException parse = null;
        for (Throwable t = e; t != null && parse == null; t = t.getCause()) {
            if (t instanceof SAXParseException p) {
                parse = p;
            }
        }
        String message = String.valueOf(parse != null ? parse.getMessage() : e.getMessage()).toLowerCase(Locale.ROOT);
        String where = parse == null || parse.getLineNumber() < 0 ? ""
                : " at line " + parse.getLineNumber() + ", column " + parse.getColumnNumber();
        if (message.contains("doctype")) {
            return "the file declares a DOCTYPE, which is not accepted (a DTD can pull in outside files or expand"
                    + " entities without bound)" + where + "; nothing in it was read";
        }
        if (message.contains("entity") && message.contains("referenced")) {
            return "the file uses an entity XML does not define" + where + "; nothing in it was read";
        }
        return "the file is not well-formed XML" + where + "; nothing in it was read";
    }
}
