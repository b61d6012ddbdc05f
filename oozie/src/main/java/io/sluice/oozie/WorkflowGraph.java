package io.sluice.oozie;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Checks the rules of an Oozie workflow that its XSD cannot express: node names are unique, every
 * transition ({@code start}, {@code ok}, {@code error}, {@code case}, {@code default}, fork
 * {@code path}, join {@code to}) names a real node, every node is reachable from {@code start},
 * and forks and joins pair up (all paths of a fork meet in one join, and each join closes exactly
 * one fork). Oozie itself rejects such workflows only when one is submitted; this finds them in a
 * unit test.
 *
 * <pre>{@code
 * List<String> problems = WorkflowGraph.problems(Files.newInputStream(Path.of("workflow.xml")));
 * }</pre>
 */
public final class WorkflowGraph {

  private final Map<String, String> kinds = new LinkedHashMap<>();
  private final Map<String, List<String>> transitions = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private String start;

  private WorkflowGraph() {
  }

  /** The problems of the workflow in {@code xml}; empty when it is sound. */
  public static List<String> problems(InputStream xml) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return problems(factory.newDocumentBuilder().parse(xml));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not a well-formed workflow: " + e.getMessage(), e);
    }
  }

  public static List<String> problems(Document workflow) {
    WorkflowGraph graph = new WorkflowGraph();
    graph.read(workflow.getDocumentElement());
    graph.check();
    return graph.problems;
  }

  private void read(Element app) {
    for (Node n = app.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e)) {
        continue;
      }
      String kind = e.getLocalName();
      switch (kind) {
        case "start" -> start = e.getAttribute("to");
        case "end", "kill" -> node(e, kind, List.of());
        case "join" -> node(e, kind, List.of(e.getAttribute("to")));
        case "fork" -> node(e, kind, attributes(e, "path", "start"));
        case "decision" -> {
          List<String> to = attributes(e, "case", "to");
          to.addAll(attributes(e, "default", "to"));
          node(e, kind, to);
        }
        case "action" -> {
          List<String> to = attributes(e, "ok", "to");
          to.addAll(attributes(e, "error", "to"));
          node(e, kind, to);
        }
        default -> {
          // parameters, global, credentials, sla: not nodes
        }
      }
    }
  }

  private void node(Element e, String kind, List<String> to) {
    String name = e.getAttribute("name");
    if (kinds.put(name, kind) != null) {
      problems.add("node name '" + name + "' is used twice");
    }
    transitions.put(name, to);
  }

  private static List<String> attributes(Element parent, String child, String attribute) {
    List<String> values = new ArrayList<>();
    var nodes = parent.getElementsByTagNameNS("*", child);
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(((Element) nodes.item(i)).getAttribute(attribute));
    }
    return values;
  }

  private void check() {
    if (start == null || start.isEmpty()) {
      problems.add("the workflow has no start transition");
      return;
    }
    if (!kinds.containsKey(start)) {
      problems.add("start goes to '" + start + "', which is not a node");
    }
    transitions.forEach((from, targets) -> {
      for (String to : targets) {
        if (!kinds.containsKey(to)) {
          problems.add("'" + from + "' goes to '" + to + "', which is not a node");
        }
      }
    });
    Set<String> reached = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String node = todo.pop();
      if (kinds.containsKey(node) && reached.add(node)) {
        todo.addAll(transitions.get(node));
      }
    }
    for (String node : kinds.keySet()) {
      if (!reached.contains(node)) {
        problems.add("node '" + node + "' cannot be reached from start");
      }
    }
    checkForks();
  }

  /** Each fork's paths, followed along ok/normal transitions, must meet in one join. */
  private void checkForks() {
    Map<String, String> forkOfJoin = new HashMap<>();
    for (Map.Entry<String, String> e : kinds.entrySet()) {
      if (!e.getValue().equals("fork")) {
        continue;
      }
      String fork = e.getKey();
      Set<String> joins = new HashSet<>();
      for (String path : transitions.get(fork)) {
        String join = joinOf(path, new HashSet<>());
        if (join == null) {
          problems.add("fork '" + fork + "': path '" + path + "' never reaches a join");
        } else {
          joins.add(join);
        }
      }
      if (joins.size() > 1) {
        problems.add("fork '" + fork + "': its paths end in different joins " + joins);
      }
      for (String join : joins) {
        String other = forkOfJoin.put(join, fork);
        if (other != null && !other.equals(fork)) {
          problems.add("join '" + join + "' closes two forks: '" + other + "' and '" + fork + "'");
        }
      }
    }
    for (Map.Entry<String, String> e : kinds.entrySet()) {
      if (e.getValue().equals("join") && !forkOfJoin.containsKey(e.getKey())) {
        problems.add("join '" + e.getKey() + "' closes no fork");
      }
    }
  }

  /** The join a fork path reaches: follows the first transition (ok, case, nested fork's join). */
  private String joinOf(String node, Set<String> seen) {
    while (node != null && kinds.containsKey(node) && seen.add(node)) {
      String kind = kinds.get(node);
      if (kind.equals("join")) {
        return node;
      }
      if (kind.equals("end") || kind.equals("kill")) {
        return null;
      }
      List<String> to = transitions.get(node);
      if (kind.equals("fork")) {
        String inner = to.isEmpty() ? null : joinOf(to.get(0), seen);
        node = inner == null ? null : transitions.get(inner).get(0);
      } else {
        node = to.isEmpty() ? null : to.get(0);
      }
    }
    return null;
  }
}
