package io.chartbridge.connector.ccda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XPathExecutable;
import net.sf.saxon.s9api.XPathSelector;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XdmValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XPath 3.1 over C-CDA documents, compiled once per expression and shared by every thread. Element names without
 * a prefix are in the CDA namespace ({@code recordTarget/patientRole/id}); {@code sdtc:} and {@code xsi:} are
 * declared. Expressions cannot reach outside the document ({@code doc()}, {@code unparsed-text()} are refused).
 * The original document is offered as the variables {@code $sourceXmlBase64}, {@code $sourceXmlSize} and
 * {@code $sourceXmlSha1} (base64 of its SHA-1, as FHIR's Attachment.hash wants).
 */
final class CcdaXPath {

    static final String CDA = "urn:hl7-org:v3";
    static final String SDTC = "urn:hl7-org:sdtc";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final Set<String> VARIABLES = Set.of("sourceXmlBase64", "sourceXmlSize", "sourceXmlSha1");
    private static final QName NULL_FLAVOR = new QName("nullFlavor");
    private static final Logger LOG = LoggerFactory.getLogger(CcdaXPath.class);

    private final Processor processor;
    private final XPathCompiler compiler;
    // Saxon wants a value for every declared variable, so expressions that read none compile without them.
    private final XPathCompiler withVariables;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * An expression and the document variables it reads; {@code error} when it does not compile. Each thread
     * reuses its own selector: loading one builds Saxon's whole dynamic context (an error reporter with its own
     * writer among it), which cost more than most evaluations.
     */
    private record Compiled(XPathExecutable executable, List<String> variables, String error,
                            ThreadLocal<XPathSelector> selectors) {
        Compiled(XPathExecutable executable, List<String> variables, String error) {
            this(executable, variables, error, ThreadLocal.withInitial(executable == null ? () -> null : executable::load));
        }
    }

    CcdaXPath() {
        processor = new Processor(false);
        processor.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "");
        compiler = newCompiler();
        withVariables = newCompiler();
        for (String variable : VARIABLES) {
            withVariables.declareVariable(new QName(variable));
        }
    }

    private XPathCompiler newCompiler() {
        XPathCompiler c = processor.newXPathCompiler();
        c.declareNamespace("", CDA);
        c.declareNamespace("cda", CDA);
        c.declareNamespace("sdtc", SDTC);
        c.declareNamespace("xsi", XSI);
        return c;
    }

    Processor processor() {
        return processor;
    }

    /** Null when the expression compiles, else the compiler's message (about the mapping text, never data). */
    String problem(String expression) {
        return compile(expression).error();
    }

    private Compiled compile(String expression) {
        return cache.computeIfAbsent(expression, text -> {
            try {
                List<String> used = VARIABLES.stream().filter(v -> text.contains("$" + v)).sorted().toList();
                return new Compiled((used.isEmpty() ? compiler : withVariables).compile(text), used, null);
            } catch (SaxonApiException e) {
                return new Compiled(null, List.of(), e.getMessage());
            }
        });
    }

    /**
     * Every non-blank value the expression selects, in document order, white space collapsed. The values of an
     * element that carries {@code nullFlavor} (its text, its attributes) are absent: C-CDA says "no value" that way.
     * An expression that does not compile or fails at run time holds nothing; it is logged once (its text only).
     */
    List<String> values(XdmNode context, String expression, Function<String, XdmValue> variables) {
        XdmValue result = evaluate(context, expression, variables);
        if (result == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(result.size());
        for (XdmItem item : result) {
            String text;
            if (item instanceof XdmNode node) {
                if (nullFlavored(node)) {
                    continue;
                }
                text = node.getStringValue();
            } else {
                text = item.getStringValue();
            }
            text = collapse(text);
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
        return out;
    }

    /**
     * The element nodes a selector picks, for child records.
     *
     * @throws IllegalArgumentException when the selector does not compile, fails, or selects something else
     */
    List<XdmNode> elements(XdmNode context, String selector, Function<String, XdmValue> variables) {
        Compiled compiled = compile(selector);
        if (compiled.error() != null) {
            throw new IllegalArgumentException("'" + selector + "' is not a valid XPath: " + compiled.error());
        }
        XdmValue result;
        try {
            result = select(compiled, context, variables);
        } catch (SaxonApiException e) {
            throw new IllegalArgumentException("'" + selector + "' failed: " + e.getMessage());
        }
        List<XdmNode> out = new ArrayList<>(result.size());
        for (XdmItem item : result) {
            if (!(item instanceof XdmNode node) || node.getNodeKind() != XdmNodeKind.ELEMENT) {
                throw new IllegalArgumentException("'" + selector + "' must select elements");
            }
            out.add(node);
        }
        return out;
    }

    private XdmValue evaluate(XdmNode context, String expression, Function<String, XdmValue> variables) {
        Compiled compiled = compile(expression);
        if (compiled.error() != null) {
            reportOnce(expression, "does not compile: " + compiled.error());
            return null;
        }
        try {
            return select(compiled, context, variables);
        } catch (SaxonApiException e) {
            reportOnce(expression, "failed: " + e.getMessage());
            return null;
        }
    }

    private static XdmValue select(Compiled compiled, XdmNode context, Function<String, XdmValue> variables)
            throws SaxonApiException {
        XPathSelector selector = compiled.selectors().get();
        selector.setContextItem(context);
        if (!compiled.variables().isEmpty()) {
            for (String variable : VARIABLES) {
                selector.setVariable(new QName(variable), variables.apply(variable));
            }
        }
        return selector.evaluate();
    }

    private void reportOnce(String expression, String what) {
        if (reported.add(expression)) {
            LOG.warn("C-CDA path '{}' {}; it reads as absent", expression, what);
        }
    }

    private static boolean nullFlavored(XdmNode node) {
        XdmNode element = node.getNodeKind() == XdmNodeKind.ATTRIBUTE ? node.getParent() : node;
        if (node.getNodeKind() == XdmNodeKind.ATTRIBUTE && NULL_FLAVOR.equals(node.getNodeName())) {
            return false;
        }
        return element != null && element.getNodeKind() == XdmNodeKind.ELEMENT
                && element.getAttributeValue(NULL_FLAVOR) != null;
    }

    static String collapse(String text) {
        if (isCollapsed(text)) {
            return text; // most values, and the 100-kilobyte base64 of the document, need nothing
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isCollapsed(String text) {
        int n = text.length();
        if (n == 0) {
            return true;
        }
        if (isSpace(text.charAt(0)) || isSpace(text.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = text.charAt(i);
            if (isSpace(c) && (c != ' ' || isSpace(text.charAt(i - 1)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
