package io.crvsbackup.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crvsbackup.config.Settings.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's framing against a fake snapshotter that records what it receives. */
class SnapshotterClientTest {
  private ServerSocket server;
  private SnapshotterClient client;

  /** What one connection does on the server side. */
  interface Handler {
    byte[] handle(Socket s, DataInputStream in) throws Exception;
  }

  @BeforeEach
  void listen() throws Exception {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    client = new SnapshotterClient(new HostPort("127.0.0.1", server.getLocalPort()), Duration.ofSeconds(2),
        Duration.ofSeconds(5));
  }

  @AfterEach
  void close() throws Exception {
    server.close();
  }

  @Test
  void asksForTheMetastoreWithMuxHeaderTypeAndJson() throws Exception {
    byte[] data = {8, 1};
    CompletableFuture<byte[]> got = serve((s, in) -> {
      byte[] request = readLine(in);
      s.getOutputStream().write(ByteBuffer.allocate(26).putLong(0x59590101L).putLong(2).put(data).putLong(0).array());
      return request;
    });
    assertThat(client.metastore()).isEqualTo(data);
    byte[] request = got.get(5, TimeUnit.SECONDS);
    assertThat(request[0]).isEqualTo((byte) 3);
    assertThat(request[1]).isEqualTo((byte) 1);
    assertThat(new String(request, 2, request.length - 2, StandardCharsets.UTF_8))
        .startsWith("{\"Type\":1,").endsWith("}\n");
  }

  @Test
  void readsTheShardPathsOfADatabase() throws Exception {
    serve((s, in) -> {
      readLine(in);
      s.getOutputStream()
          .write("{\"Paths\":[\"ocrvs/autogen/5\",\"ocrvs/autogen/6\"]}\n".getBytes(StandardCharsets.UTF_8));
      return null;
    });
    assertThat(client.shardPaths("ocrvs")).containsExactly("ocrvs/autogen/5", "ocrvs/autogen/6");
  }

  @Test
  void saysWhenTheServerHasNoSuchDatabase() throws Exception {
    serve((s, in) -> readLine(in));
    assertThatThrownBy(() -> client.shardPaths("gone"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("gave no shard list for database 'gone': it does not hold that database");
  }

  @Test
  void sendsTheMetastoreUpdateInOneWriteAndReadsTheIdMap() throws Exception {
    byte[] meta = new byte[3000];
    java.util.Arrays.fill(meta, (byte) 7);
    CompletableFuture<byte[]> got = serve((s, in) -> {
      byte[] line = readLine(in);
      byte[] payload = in.readNBytes(meta.length);
      s.getOutputStream().write(ByteBuffer.allocate(48).putLong(0x59590101L).putLong(2)
          .putLong(1).putLong(11).putLong(2).putLong(12).array());
      return concat(line, payload);
    });
    Map<Long, Long> ids = client.updateMetastore("ocrvs", "drill", meta);
    assertThat(ids).containsExactly(Map.entry(1L, 11L), Map.entry(2L, 12L));
    byte[] received = got.get(5, TimeUnit.SECONDS);
    String json = new String(received, 2, received.length - 2 - meta.length, StandardCharsets.UTF_8);
    assertThat(json).contains("\"Type\":6,\"BackupDatabase\":\"ocrvs\",\"RestoreDatabase\":\"drill\"")
        .endsWith("\"UploadSize\":3000}\n");
    assertThat(java.util.Arrays.copyOfRange(received, received.length - meta.length, received.length)).isEqualTo(meta);
  }

  @Test
  void anEmptyIdMapMeansNothingWasImported() throws Exception {
    serve((s, in) -> {
      readLine(in);
      in.readNBytes(4);
      s.getOutputStream().write(ByteBuffer.allocate(16).putLong(0x59590101L).putLong(0).array());
      return null;
    });
    assertThat(client.updateMetastore("a", "a", new byte[4])).isEmpty();
  }

  @Test
  void aMetastoreUpdateWithoutAProperAnswerFails() throws Exception {
    serve((s, in) -> {
      readLine(in);
      return null;
    });
    assertThatThrownBy(() -> client.updateMetastore("ocrvs", "ocrvs", new byte[4]))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("the metastore update of 'ocrvs' as 'ocrvs' on 127.0.0.1:")
        .hasMessageContaining("got no proper answer (0 bytes; see the influxd log)");
  }

  @Test
  void uploadsAShardAndWaitsUntilTheServerHasLoadedIt() throws Exception {
    CompletableFuture<byte[]> got = serve((s, in) -> {
      byte[] all = in.readAllBytes();
      Thread.sleep(300);
      return all;
    });
    long start = System.nanoTime();
    client.uploadShard(42, out -> out.write("tar bytes".getBytes(StandardCharsets.UTF_8)));
    assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(250).toNanos());
    byte[] received = got.get(5, TimeUnit.SECONDS);
    assertThat(received[0]).isEqualTo((byte) 3);
    assertThat(received[1]).isEqualTo((byte) 7);
    assertThat(ByteBuffer.wrap(received, 2, 8).getLong()).isEqualTo(42);
    assertThat(new String(received, 10, received.length - 10, StandardCharsets.UTF_8)).isEqualTo("tar bytes");
  }

  @Test
  void anUnreachablePortExplainsTheBindAddress() throws Exception {
    int port = server.getLocalPort();
    server.close();
    assertThatThrownBy(() -> client.metastore())
        .isInstanceOf(RpcUnreachableException.class)
        .hasMessageStartingWith("cannot connect to InfluxDB's backup/restore RPC port at 127.0.0.1:" + port + " (")
        .hasMessageContaining("influxd binds that port to 127.0.0.1 by default")
        .hasMessageContaining("OpenCRVS's influxdb.conf must set bind-address = \":8088\" at the top level");
  }

  private CompletableFuture<byte[]> serve(Handler h) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] r = h.handle(s, in);
        s.shutdownOutput();
        return r;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Reads the mux header, the type and the JSON line. */
  private static byte[] readLine(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(in.read());
    b.write(in.read());
    for (int c; (c = in.read()) >= 0; ) {
      b.write(c);
      if (c == '\n') {
        break;
      }
    }
    return b.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
