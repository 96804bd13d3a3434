package io.crvsbackup.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.crvsbackup.config.Secret;
import io.crvsbackup.config.Settings;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * Where and how to reach Elasticsearch: the URL (default {@code http://elasticsearch:9200}, the service
 * name in an OpenCRVS stack) and basic-auth credentials. Credentials come from the settings, else from
 * the URL's user-info ({@code http://user:pass@host:9200}); the address shown to operators never has
 * them. The password is sent pre-emptively in an {@code Authorization} header and never logged.
 */
record Connection(URI url, Optional<String> user, Optional<Secret> password) {
  static final URI DEFAULT_URL = URI.create("http://elasticsearch:9200");
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int SOCKET_TIMEOUT_MS = 120_000;

  static Connection of(Settings.Elastic settings) {
    URI url = settings.url().orElse(DEFAULT_URL);
    Optional<String> user = settings.user();
    Optional<Secret> password = settings.password();
    String info = url.getRawUserInfo();
    if (info != null && user.isEmpty()) {
      int colon = info.indexOf(':');
      user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
      if (colon >= 0 && password.isEmpty()) {
        password = Optional.of(Secret.of(decode(info.substring(colon + 1))));
      }
    }
    return new Connection(url, user, password);
  }

  /** The URL without user-info, query or fragment, for messages and facts. */
  String address() {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (path.equals("/") ? "" : path);
  }

  /** The {@code Authorization} header's value, when a user is configured. */
  Optional<String> authorization() {
    return user.map(u -> "Basic " + Base64.getEncoder().encodeToString(
        (u + ":" + password.map(Secret::reveal).orElse("")).getBytes(StandardCharsets.UTF_8)));
  }

  /** Opens the low-level client and the typed 8.x client on top of it. */
  ClientCluster open() {
    int port = url.getPort() >= 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    RestClientBuilder builder = RestClient.builder(new HttpHost(url.getHost(), port, url.getScheme()))
        .setRequestConfigCallback(r -> r.setConnectTimeout(CONNECT_TIMEOUT_MS).setSocketTimeout(SOCKET_TIMEOUT_MS));
    authorization().ifPresent(a -> builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", a)}));
    String path = url.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      builder.setPathPrefix(path);
    }
    RestClient rest = builder.build();
    ElasticsearchClient typed = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    return new ClientCluster(address(), rest, typed);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return address() + user.map(u -> " as " + u).orElse("");
  }
}
