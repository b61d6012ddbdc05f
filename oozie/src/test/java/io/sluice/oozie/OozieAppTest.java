package io.sluice.oozie;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXParseException;

/**
 * The Oozie application in {@code src/main/oozie} against Oozie's published XSDs (from the
 * oozie-client jar) and the graph rules the XSDs cannot check; broken variants must be rejected.
 */
class OozieAppTest {

  static final Path APP = Path.of("src/main/oozie");
  static Schema schema;

  /** All schemas the app uses, in one Schema; the jar URL as systemId lets includes resolve. */
  @BeforeAll
  static void loadSchemas() throws Exception {
    List<Source> sources = new ArrayList<>();
    for (String xsd : List.of("oozie-common-1.0.xsd", "oozie-workflow-1.0.xsd",
        "oozie-coordinator-0.5.xsd", "oozie-sla-0.2.xsd")) {
      URL url = OozieAppTest.class.getClassLoader().getResource(xsd);
      assertThat(url).as(xsd + " on the classpath (oozie-client)").isNotNull();
      sources.add(new StreamSource(url.openStream(), url.toString()));
    }
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    schema = factory.newSchema(sources.toArray(new Source[0]));
  }

  static void validate(String xml) throws Exception {
    schema.newValidator().validate(new StreamSource(new StringReader(xml)));
  }

  static String read(String file) throws IOException {
    return Files.readString(APP.resolve(file), UTF_8);
  }

  static List<String> graph(String xml) throws IOException {
    return WorkflowGraph.problems(new ByteArrayInputStream(xml.getBytes(UTF_8)));
  }

  @Test
  void workflowAndCoordinatorMatchOoziesSchemas() throws Exception {
    validate(read("workflow.xml"));
    validate(read("coordinator.xml"));
  }

  @Test
  void workflowGraphIsSound() throws Exception {
    assertThat(graph(read("workflow.xml"))).isEmpty();
  }

  @Test
  void workflowRunsBatchMainWithRetryAndKillsWithTheErrorMessage() throws Exception {
    Document doc = parse(read("workflow.xml"));
    Element action = (Element) doc.getElementsByTagNameNS("*", "action").item(0);
    assertThat(action.getAttribute("retry-max")).isNotEmpty();
    assertThat(action.getAttribute("retry-interval")).isNotEmpty();
    assertThat(text(action, "main-class")).isEqualTo("io.sluice.batch.BatchMain");
    Element error = (Element) action.getElementsByTagNameNS("*", "error").item(0);
    Element kill = (Element) doc.getElementsByTagNameNS("*", "kill").item(0);
    assertThat(error.getAttribute("to")).isEqualTo(kill.getAttribute("name"));
    assertThat(text(kill, "message")).contains("${wf:errorMessage(wf:lastErrorNode())}");
  }

  @Test
  void coordinatorWaitsForTheHoursSuccessFlag() throws Exception {
    Document doc = parse(read("coordinator.xml"));
    assertThat(doc.getDocumentElement().getAttribute("frequency")).isEqualTo("${coord:hours(1)}");
    Element archive = (Element) doc.getElementsByTagNameNS("*", "dataset").item(0);
    assertThat(archive.getAttribute("name")).isEqualTo("archive");
    assertThat(archive.getAttribute("frequency")).isEqualTo("${coord:hours(1)}");
    assertThat(text(archive, "uri-template")).endsWith("/${YEAR}/${MONTH}/${DAY}/${HOUR}");
    assertThat(text(archive, "done-flag")).isEqualTo("_SUCCESS");
    Element in = (Element) doc.getElementsByTagNameNS("*", "data-in").item(0);
    assertThat(in.getAttribute("dataset")).isEqualTo("archive");
    assertThat(text(in, "instance")).isEqualTo("${coord:current(-1)}");
  }

  /** Every ${name} the app reads is set in job.properties (with a comment) or by the coordinator. */
  @Test
  void everyParameterIsDocumentedInJobProperties() throws Exception {
    Properties props = new Properties();
    String text = read("job.properties");
    props.load(new StringReader(text));
    Set<String> supplied = new LinkedHashSet<>(props.stringPropertyNames());
    supplied.addAll(List.of("inputDir", "outputDir", "cellTimestamp")); // the coordinator's action conf
    Set<String> used = new LinkedHashSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_.]*)}").matcher(read("workflow.xml") + read("coordinator.xml"));
    while (m.find()) {
      used.add(m.group(1));
    }
    used.removeAll(List.of("YEAR", "MONTH", "DAY", "HOUR"));
    assertThat(supplied).containsAll(used);
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#")) {
        assertThat(lines.get(i - 1)).as("comment above " + lines.get(i)).startsWith("#");
      }
    }
  }

  @Test
  void schemaViolationsAreRejected() throws Exception {
    String noMainClass = read("workflow.xml").replaceAll("<main-class>.*</main-class>", "");
    assertThatThrownBy(() -> validate(noMainClass)).isInstanceOf(SAXParseException.class)
        .hasMessageContaining("main-class");
    String badDataset = read("coordinator.xml").replace("<uri-template>", "<uri>").replace("</uri-template>", "</uri>");
    assertThatThrownBy(() -> validate(badDataset)).isInstanceOf(SAXParseException.class);
    String wrongNamespace = read("workflow.xml").replace("uri:oozie:workflow:1.0", "uri:oozie:workflow:9.9");
    assertThatThrownBy(() -> validate(wrongNamespace)).isInstanceOf(SAXParseException.class);
  }

  @Test
  void graphViolationsAreRejected() throws Exception {
    String workflow = read("workflow.xml");
    assertThat(graph(workflow.replace("<ok to=\"end\"/>", "<ok to=\"publish\"/>")))
        .contains("'batch-job' goes to 'publish', which is not a node",
            "node 'end' cannot be reached from start");
    String orphan = workflow.replace("<end name=\"end\"/>",
        "<kill name=\"orphan\"><message>x</message></kill>\n  <end name=\"end\"/>");
    assertThat(graph(orphan)).containsExactly("node 'orphan' cannot be reached from start");
    String fork = """
        <workflow-app name="w" xmlns="uri:oozie:workflow:1.0">
          <start to="f"/>
          <fork name="f"><path start="a"/><path start="b"/></fork>
          <action name="a"><fs/><ok to="j1"/><error to="k"/></action>
          <action name="b"><fs/><ok to="j2"/><error to="k"/></action>
          <join name="j1" to="end"/>
          <join name="j2" to="end"/>
          <kill name="k"><message>m</message></kill>
          <end name="end"/>
        </workflow-app>
        """;
    validate(fork);
    assertThat(graph(fork)).anyMatch(p -> p.contains("paths end in different joins"));
    String paired = fork.replace("<ok to=\"j2\"/>", "<ok to=\"j1\"/>")
        .replace("<join name=\"j2\" to=\"end\"/>", "");
    validate(paired);
    assertThat(graph(paired)).isEmpty();
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    try (InputStream in = new ByteArrayInputStream(xml.getBytes(UTF_8))) {
      return factory.newDocumentBuilder().parse(in);
    }
  }

  private static String text(Element parent, String child) {
    return parent.getElementsByTagNameNS("*", child).item(0).getTextContent().trim();
  }
}
