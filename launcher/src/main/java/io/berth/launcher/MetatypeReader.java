package io.berth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The configuration types of the bundles in a folder, from the {@code OSGI-INF/metatype/*.xml} that
 * bnd writes for {@code @ObjectClassDefinition} and {@code @Designate}. Elements are matched by local
 * name, so any metatype namespace version reads the same. Factory designates are left out: they
 * have no single section in config.toml.
 */
final class MetatypeReader {
    private static final String METATYPE_FOLDER = "OSGI-INF/metatype/";

    private MetatypeReader() {
    }

    /** The properties of each designated PID, by PID; the first jar (by name) to designate a PID wins. */
    static SortedMap<String, List<MetatypeProperty>> read(Path bundleFolder) throws IOException {
        SortedMap<String, List<MetatypeProperty>> byPid = new TreeMap<>();
        DocumentBuilder xml = newParser();
        for (Path jar : jars(bundleFolder)) {
            Map<String, List<MetatypeProperty>> ocds = new HashMap<>();
            Map<String, String> designates = new LinkedHashMap<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().startsWith(METATYPE_FOLDER) && entry.getName().endsWith(".xml")) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            collect(xml.parse(in), ocds, designates);
                        } catch (SAXException | NumberFormatException e) {
                            throw new IOException(jar + "!/" + entry.getName() + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
            designates.forEach((pid, ocd) -> {
                if (ocds.containsKey(ocd)) {
                    byPid.putIfAbsent(pid, ocds.get(ocd));
                }
            });
        }
        return byPid;
    }

    private static List<Path> jars(Path folder) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jar")) {
            entries.forEach(jars::add);
        }
        jars.sort(null);
        return jars;
    }

    private static void collect(Document document, Map<String, List<MetatypeProperty>> ocds,
                                Map<String, String> designates) {
        for (Element ocd : elements(document.getDocumentElement(), "OCD")) {
            List<MetatypeProperty> properties = new ArrayList<>();
            for (Element ad : elements(ocd, "AD")) {
                properties.add(property(ad));
            }
            ocds.put(ocd.getAttribute("id"), List.copyOf(properties));
        }
        for (Element designate : elements(document.getDocumentElement(), "Designate")) {
            String pid = designate.getAttribute("pid");
            List<Element> objects = elements(designate, "Object");
            if (!pid.isEmpty() && !objects.isEmpty()) {
                designates.put(pid, objects.getFirst().getAttribute("ocdref"));
            }
        }
    }

    private static MetatypeProperty property(Element ad) {
        int cardinality = ad.hasAttribute("cardinality") ? Integer.parseInt(ad.getAttribute("cardinality").strip()) : 0;
        List<String> defaults = ad.hasAttribute("default") ? values(ad.getAttribute("default"), cardinality != 0) : null;
        String description = ad.hasAttribute("description") ? ad.getAttribute("description") : null;
        String type = ad.hasAttribute("type") ? ad.getAttribute("type") : "String";
        return new MetatypeProperty(ad.getAttribute("id"), type, defaults, cardinality, description);
    }

    /**
     * A default attribute's values: separated by commas, with {@code \} escaping a comma or a
     * backslash inside a value. A single-valued AD's default is one value even with a comma in it.
     */
    static List<String> values(String text, boolean multiple) {
        List<String> values = new ArrayList<>();
        if (multiple && text.isEmpty()) {
            return values;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                value.append(text.charAt(++i));
            } else if (c == ',' && multiple) {
                values.add(value.toString());
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        values.add(value.toString());
        return values;
    }

    private static List<Element> elements(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        List<Element> elements = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /**
     * Namespace-aware, closed to DOCTYPEs and external entities (a third-party jar is input), and
     * failing with an exception instead of also printing to stderr.
     */
    private static DocumentBuilder newParser() throws IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder parser = factory.newDocumentBuilder();
            parser.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            return parser;
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }
}
