package io.crvsbackup.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Docker API that answers from a function, recording every request: for the pure parts of the HTTP logic. */
final class FakeDocker implements DockerHttpClient {
  /** One request as the fake saw it. */
  record Call(String method, String path, JsonNode body) {}

  /** An answer. */
  record Answer(int status, String json) {}

  interface Handler {
    Answer answer(Call call) throws Exception;
  }

  final List<Call> calls = new ArrayList<>();
  private final Handler handler;

  FakeDocker(Handler handler) {
    this.handler = handler;
  }

  DockerApi api() {
    return new DockerApi(this, "fake");
  }

  @Override
  public Response execute(Request request) {
    try {
      byte[] bytes = request.bodyBytes() != null ? request.bodyBytes()
          : request.body() != null ? request.body().readAllBytes() : null;
      JsonNode body = bytes == null ? null : DockerApi.JSON.readTree(bytes);
      Call call = new Call(request.method(), request.path(), body);
      calls.add(call);
      Answer a = handler.answer(call);
      return new Response() {
        @Override
        public int getStatusCode() {
          return a.status();
        }

        @Override
        public Map<String, List<String>> getHeaders() {
          return Map.of();
        }

        @Override
        public InputStream getBody() {
          return new ByteArrayInputStream(a.json().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {}
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {}
}
