package io.chartbridge.connector.jsonxml;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams one XML file with StAX: elements outside the records are passed over event by event and only the record
 * being read is held as a small tree. The parser is hardened: DTDs and external entities are off, and a file that
 * declares a DOCTYPE at all is refused, since legacy exports have no need for one and it is how XXE attacks start.
 */
final class XmlFileReader implements FileEntryReader.PerFile {

    /**
     * The deepest nesting of elements a record may have. Legacy exports nest a few levels; a record nested thousands
     * deep (a hostile file) would overflow the stack of anything that walks it.
     */
    static final int MAX_RECORD_DEPTH = 100;

    private final XMLStreamReader xml;
    private final InputStream in;
    private final XmlRecordPath recordPath;
    private final String sourceName;
    private final String file;
    private final List<String> open = new ArrayList<>();
    private final String recordPathText;
    private XMLStreamException startFailure;
    private long records;
    private boolean parentSeen;
    private boolean done;

    XmlFileReader(InputStream in, String file, XmlRecordPath recordPath, String recordPathText, String sourceName)
            throws IOException {
        this.in = in;
        this.recordPath = recordPath;
        this.recordPathText = recordPathText;
        this.sourceName = sourceName;
        this.file = file;
        XMLStreamReader reader = null;
        try {
            reader = hardenedFactory().createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            // The parser reads the start of the file at once: binary data fails here, and is reported as a problem
            // of the file by the first next().
            startFailure = e;
        }
        this.xml = reader;
    }

    static XMLInputFactory hardenedFactory() {
        // The JDK's own implementation, whatever StAX provider another library brings onto the classpath.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    @Override
    public SourceEntry next() {
        if (done) {
            return null;
        }
        if (startFailure != null) {
            done = true;
            return problem(startFailure.getLocation(), false, XmlProblems.describe(startFailure));
        }
        boolean inRecord = false;
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    done = true;
                    return problem(xml.getLocation(), false, "declares a DOCTYPE, which is not accepted"
                            + " (DTDs and external entities can pull in outside content)");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    done = true;
                    return problem(xml.getLocation(), inRecord, "uses an entity that is not one of XML's own");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    open.remove(open.size() - 1);
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    open.add(xml.getLocalName());
                    if (recordPath.matches(open)) {
                        inRecord = true;
                        records++;
                        XmlElement element;
                        try {
                            element = readElement(1);
                        } catch (RecordTooDeepException e) {
                            skipLevels(e.openLevels);
                            open.remove(open.size() - 1);
                            return new MalformedEntry(new SourceLocation(file, "record", records, null),
                                    ContentHash.of(""), "the record nests elements more than " + MAX_RECORD_DEPTH
                                    + " levels deep; it was skipped and the next record is read");
                        }
                        open.remove(open.size() - 1);
                        return toEntry(element);
                    }
                    if (recordPath.isRecordParent(open)) {
                        parentSeen = true;
                    }
                    if (!recordPath.mayContain(open)) {
                        skipElement();
                        open.remove(open.size() - 1);
                    }
                }
            }
            done = true;
            if (records == 0 && !parentSeen && !recordPath.anywhere()) {
                return new MalformedEntry(SourceLocation.ofFile(file), ContentHash.of(""),
                        "nothing in the file is at recordPath '" + recordPathText + "'; check the option");
            }
            return null;
        } catch (XMLStreamException | EntityInRecordException e) {
            done = true;
            Location at = e instanceof XMLStreamException x ? x.getLocation() : xml.getLocation();
            String what = e instanceof EntityInRecordException ? "uses an entity that is not one of XML's own"
                    : XmlProblems.describe((XMLStreamException) e);
            return problem(at, inRecord, what);
        }
    }

    private SourceEntry toEntry(XmlElement element) {
        StringBuilder canonical = new StringBuilder();
        element.appendCanonical(canonical);
        return new XmlRecord(sourceName, new SourceLocation(file, "record", records, null),
                ContentHash.of(canonical.toString()), element);
    }

    /** The parser's own message can quote the offending text (PHI), so the reason gives the position only. */
    private SourceEntry problem(Location at, boolean inRecord, String what) {
        String detail = at == null || at.getLineNumber() < 1 ? null
                : "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
        String where = detail == null ? "" : " at " + detail;
        if (records == 0 && !inRecord) {
            return new MalformedEntry(new SourceLocation(file, "file", 0, detail), ContentHash.of(""),
                    "the file " + what + where + "; nothing in it was read");
        }
        long position = inRecord ? records : records + 1;
        return new MalformedEntry(new SourceLocation(file, "record", position, detail), ContentHash.of(""),
                "the record " + what + where + "; the rest of the file was not read");
    }

    /** Reads the element the reader stands on ({@code depth} levels into its record), through its end tag. */
    private XmlElement readElement(int depth) throws XMLStreamException {
        if (depth > MAX_RECORD_DEPTH) {
            throw new RecordTooDeepException(depth);
        }
        String name = xml.getLocalName();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
        StringBuilder text = new StringBuilder();
        List<XmlElement> children = new ArrayList<>();
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> children.add(readElement(depth + 1));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(xml.getText());
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new EntityInRecordException();
                case XMLStreamConstants.END_ELEMENT -> {
                    return new XmlElement(name, attributes, text.toString().strip(), List.copyOf(children));
                }
                default -> { }
            }
        }
    }

    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new EntityInRecordException();
            }
        }
    }

    /** Reads on until {@code levels} open elements (the reader inside the innermost) are closed. */
    private void skipLevels(int levels) throws XMLStreamException {
        int depth = levels;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** A record nested past {@link #MAX_RECORD_DEPTH}; {@code openLevels} elements are open where it was noticed. */
    private static final class RecordTooDeepException extends RuntimeException {
        private final int openLevels;

        RecordTooDeepException(int openLevels) {
            super(null, null, false, false);
            this.openLevels = openLevels;
        }
    }

    /** An undeclared entity inside content: refused rather than silently dropped. */
    private static final class EntityInRecordException extends RuntimeException {
        EntityInRecordException() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (xml != null) {
                xml.close();
            }
        } catch (XMLStreamException e) {
            // the stream below is closed either way
        }
        in.close();
    }
}
