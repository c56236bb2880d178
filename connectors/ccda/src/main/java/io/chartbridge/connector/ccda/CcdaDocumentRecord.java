package io.chartbridge.connector.ccda;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmValue;

/**
 * One C-CDA document. Paths are XPath 3.1 expressions evaluated at the {@code ClinicalDocument} element, CDA
 * names without a prefix: {@code recordTarget/patientRole/patient/name[1]/family}, {@code id/@root},
 * {@code string-join(given, ' ')}. {@link #records(String)} gives one record per element a selector picks (the
 * entries a mapping repeats over), whose relative paths start at that element while absolute ones
 * ({@code /ClinicalDocument/id/@root}) still read the document. Values of elements with a {@code nullFlavor}
 * are absent. The original bytes are offered as {@code $sourceXmlBase64} for a DocumentReference.
 */
public final class CcdaDocumentRecord implements SourceRecord {

    private final String sourceName;
    private final SourceLocation location;
    private final String contentHash;
    private final XdmNode root;
    private final byte[] original;
    private final CcdaXPath xpath;
    private XdmValue base64;
    private XdmValue sha1;

    CcdaDocumentRecord(String sourceName, SourceLocation location, String contentHash, XdmNode root, byte[] original,
                       CcdaXPath xpath) {
        this.sourceName = sourceName;
        this.location = location;
        this.contentHash = contentHash;
        this.root = root;
        this.original = original;
        this.xpath = xpath;
    }

    /** The document's bytes as they were read: its wire form (docs/adr/019), parsed again where it arrives. */
    public byte[] originalBytes() {
        return original;
    }

    /**
     * A document read back from its wire form: its bytes parsed as the reader parses them (same hardened parser, same
     * XPath settings), so every path reads what it read where the document was extracted.
     *
     * @throws IOException when the bytes are not a readable document (they were when extracted: a damaged message)
     */
    public static CcdaDocumentRecord fromBytes(String sourceName, SourceLocation location, String contentHash,
                                               byte[] bytes) throws java.io.IOException {
        CcdaXPath xpath = WireXPath.INSTANCE;
        XdmNode root;
        try {
            root = CcdaDocumentReader.documentElement(new CcdaParser(xpath).parse(bytes));
        } catch (CcdaParser.NotReadable e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
        if (root == null) {
            throw new java.io.IOException("no document element");
        }
        return new CcdaDocumentRecord(sourceName, location, contentHash, root, bytes, xpath);
    }

    /** One XPath engine for the documents a process reads back (compiled expressions are cached in it). */
    private static final class WireXPath {
        static final CcdaXPath INSTANCE = new CcdaXPath();
    }

    @Override
    public String sourceName() {
        return sourceName;
    }

    @Override
    public SourceLocation location() {
        return location;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public String value(String path) {
        List<String> all = values(path);
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public List<String> values(String path) {
        return xpath.values(root, path, this::variable);
    }

    /**
     * One record per element the XPath selects, relative to the document element; the engine's
     * {@code forEach: {records: ...}} calls this.
     *
     * @throws IllegalArgumentException when the selector is not an XPath that selects elements
     */
    public List<SourceRecord> records(String selector) {
        return children(root, selector);
    }

    List<SourceRecord> children(XdmNode context, String selector) {
        List<XdmNode> nodes = xpath.elements(context, selector, this::variable);
        List<SourceRecord> out = new ArrayList<>(nodes.size());
        for (XdmNode node : nodes) {
            out.add(new CcdaEntryRecord(this, node, location.withDetail(CcdaPaths.locate(node))));
        }
        return out;
    }

    /** Whether the text is an XPath this source can evaluate, for checking a mapping before a run. */
    public boolean isValidPath(String path) {
        return xpath.problem(path) == null;
    }

    /** The original document as XPath variables; encoded once, when a path first reads them. */
    synchronized XdmValue variable(String name) {
        if (base64 == null) {
            base64 = new XdmAtomicValue(Base64.getEncoder().encodeToString(original));
            sha1 = new XdmAtomicValue(Base64.getEncoder().encodeToString(sha1(original)));
        }
        return switch (name) {
            case "sourceXmlBase64" -> base64;
            case "sourceXmlSize" -> new XdmAtomicValue(original.length);
            case "sourceXmlSha1" -> sha1;
            default -> throw new IllegalArgumentException("no variable $" + name);
        };
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    CcdaXPath xpath() {
        return xpath;
    }

    @Override
    public Set<String> paths() {
        return CcdaPaths.of(root);
    }

    /** Shows the location only: values are PHI and must not reach logs. */
    @Override
    public String toString() {
        return "CcdaDocumentRecord[" + location + "]";
    }
}
