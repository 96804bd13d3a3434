package io.crvsbackup.elastic;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.ResponseException;

/**
 * One failed call to Elasticsearch, reduced to what the messages need: the HTTP status (0 when no answer
 * came), the error type ({@code repository_exception}, or {@code unreachable} / {@code timeout} /
 * {@code not_elasticsearch} when the call never got an Elasticsearch answer) and every reason of the
 * cause chain, outermost first. The client's own exception is kept as the cause.
 */
final class ClusterException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String UNREACHABLE = "unreachable";
  static final String TIMEOUT = "timeout";
  static final String NOT_ELASTICSEARCH = "not_elasticsearch";

  private final int status;
  private final String type;
  private final List<String> reasons;

  ClusterException(int status, String type, List<String> reasons, Throwable cause) {
    super(type + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + String.join("; ", reasons), cause);
    this.status = status;
    this.type = type;
    this.reasons = List.copyOf(reasons);
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  List<String> reasons() {
    return reasons;
  }

  /** The reasons joined, as shown to an operator after the operation's own words. */
  String detail() {
    return String.join(": ", reasons);
  }

  boolean hasType(String t) {
    return type.equals(t) || reasons.stream().anyMatch(r -> r.startsWith(t + ":") || r.startsWith("[" + t));
  }

  /** Whether any reason or the type mentions {@code text}, ignoring case. */
  boolean mentions(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return type.toLowerCase(Locale.ROOT).contains(t)
        || reasons.stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).contains(t));
  }

  /** Reduces whatever the client threw. */
  static ClusterException from(Exception e) {
    if (e instanceof ClusterException c) {
      return c;
    }
    if (e instanceof ElasticsearchException ee) {
      List<String> reasons = new ArrayList<>();
      collect(ee.error(), reasons);
      return new ClusterException(ee.status(), ee.error().type(), reasons, e);
    }
    ResponseException re = find(e, ResponseException.class);
    if (re != null) {
      return fromResponse(re);
    }
    Throwable io = rootIo(e);
    if (io instanceof ConnectException || io instanceof UnknownHostException || io instanceof NoRouteToHostException) {
      return new ClusterException(0, UNREACHABLE, List.of(io.toString()), e);
    }
    if (io instanceof SocketTimeoutException) {
      return new ClusterException(0, TIMEOUT, List.of(io.toString()), e);
    }
    if (e instanceof TransportException te && String.valueOf(te.getMessage()).contains("X-Elastic-Product")) {
      return new ClusterException(te.statusCode(), NOT_ELASTICSEARCH, List.of(te.getMessage()), e);
    }
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof TransportException te) {
      return new ClusterException(te.statusCode(), "transport_exception", List.of(text), e);
    }
    return new ClusterException(0, io != null ? UNREACHABLE : "client_exception", List.of(text), e);
  }

  private static ClusterException fromResponse(ResponseException re) {
    int status = re.getResponse().getStatusLine().getStatusCode();
    String body = "";
    try {
      if (re.getResponse().getEntity() != null) {
        body = EntityUtils.toString(re.getResponse().getEntity(), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException ignored) {
      // the status alone still says something
    }
    List<String> reasons = new ArrayList<>();
    String type = "http_" + status;
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isObject()) {
        type = error.path("type").asText(type);
        collect(error, reasons);
      } else if (error.isTextual()) {
        reasons.add(error.asText());
      }
    } catch (IOException | RuntimeException notJson) {
      // below
    }
    if (reasons.isEmpty()) {
      reasons.add(body.isBlank() ? re.getResponse().getStatusLine().toString() : abbreviate(body));
    }
    return new ClusterException(status, type, reasons, re);
  }

  private static void collect(ErrorCause cause, List<String> reasons) {
    for (ErrorCause c = cause; c != null; c = c.causedBy()) {
      reasons.add(c.type() + ": " + c.reason());
    }
    for (ErrorCause r : cause.rootCause()) {
      String text = r.type() + ": " + r.reason();
      if (!reasons.contains(text)) {
        reasons.add(text);
      }
    }
  }

  private static void collect(JsonNode error, List<String> reasons) {
    for (JsonNode c = error; c.isObject(); c = c.path("caused_by")) {
      reasons.add(c.path("type").asText("error") + ": " + c.path("reason").asText(""));
    }
    for (JsonNode r : error.path("root_cause")) {
      String text = r.path("type").asText("error") + ": " + r.path("reason").asText("");
      if (!reasons.contains(text)) {
        reasons.add(text);
      }
    }
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static Throwable rootIo(Throwable t) {
    Throwable io = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        io = c;
      }
    }
    return io;
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() > 300 ? one.substring(0, 300) + "..." : one;
  }
}
