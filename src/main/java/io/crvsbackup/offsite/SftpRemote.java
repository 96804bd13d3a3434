package io.crvsbackup.offsite;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

/** {@link Remote} over sshj: SFTP for files, exec channels for {@code sha256sum} and {@code df}. */
final class SftpRemote implements Remote {
  /** SFTP writes in flight before waiting for acks: enough to fill a loopback link, small in memory. */
  private static final int UNCONFIRMED_WRITES = 32;
  private static final int READ_AHEAD = 32;
  /** Bytes per SFTP write request: OpenSSH's sftp-server takes messages of up to 256 KiB. */
  private static final int WRITE_CHUNK = 64 * 1024;
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private final SSHClient ssh;
  private final SFTPClient sftp;
  private final String server;
  private final boolean exec;
  private final String hasher;
  /** Folders known to exist: mkdirs asks the server once per folder, not once per file. */
  private final java.util.Set<String> knownDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private SftpRemote(SSHClient ssh, SFTPClient sftp, String server, String hasher) {
    this.ssh = ssh;
    this.sftp = sftp;
    this.server = server;
    this.exec = hasher != null;
    this.hasher = hasher;
  }

  /**
   * Opens SFTP on a logged-in client and finds out whether the server runs commands, and which SHA-256
   * tool it has: {@code sha256sum}, or {@code openssl dgst -sha256} when present (the same hash and output
   * format; OpenSSL uses the processor's SHA instructions and hashes about four times faster than
   * coreutils, which matters when the check of one file runs while the next one uploads).
   */
  static SftpRemote open(SSHClient ssh, String server) throws IOException {
    SFTPClient sftp = ssh.newSFTPClient();
    String hasher = null;
    for (String tool : List.of(RemoteShell.OPENSSL_SHA256, RemoteShell.SHA256SUM)) {
      try {
        if (run(ssh, tool + " /dev/null", 20).startsWith(EMPTY_SHA256)) {
          hasher = tool;
          break;
        }
      } catch (IOException e) {
        // not this tool, or no commands at all
      }
    }
    return new SftpRemote(ssh, sftp, server, hasher);
  }

  @Override
  public String server() {
    return server;
  }

  @Override
  public boolean execAllowed() {
    return exec;
  }

  @Override
  public Optional<Stat> stat(String path) throws IOException {
    FileAttributes a = sftp.statExistence(path);
    return a == null ? Optional.empty()
        : Optional.of(new Stat(a.getSize(), a.getType() == FileMode.Type.DIRECTORY));
  }

  @Override
  public List<Entry> list(String dir) throws IOException {
    List<RemoteResourceInfo> infos;
    try {
      infos = sftp.ls(dir);
    } catch (SFTPException e) {
      if (e.getStatusCode() == Response.StatusCode.NO_SUCH_FILE) {
        return List.of();
      }
      throw e;
    }
    List<Entry> out = new ArrayList<>();
    for (RemoteResourceInfo i : infos) {
      if (!i.getName().equals(".") && !i.getName().equals("..")) {
        out.add(new Entry(i.getName(), i.getAttributes().getSize(), i.isDirectory()));
      }
    }
    return out;
  }

  @Override
  public void mkdirs(String dir) throws IOException {
    if (knownDirs.contains(dir)) {
      return;
    }
    List<String> missing = new ArrayList<>();
    String d = dir;
    while (d.length() > 1 && !knownDirs.contains(d) && sftp.statExistence(d) == null) {
      missing.add(0, d);
      d = d.substring(0, Math.max(1, d.lastIndexOf('/')));
    }
    for (String m : missing) {
      try {
        sftp.getSFTPEngine().makeDir(m, new FileAttributes.Builder().withPermissions(0700).build());
      } catch (SFTPException e) {
        // another upload thread may have made it meanwhile
        FileAttributes a = sftp.statExistence(m);
        if (a == null || a.getType() != FileMode.Type.DIRECTORY) {
          throw e;
        }
      }
    }
    knownDirs.add(dir);
  }

  @Override
  public OutputStream create(String path) throws IOException {
    RemoteFile file = sftp.open(path, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC),
        new FileAttributes.Builder().withPermissions(0600).build());
    OutputStream out = file.new RemoteFileOutputStream(0, UNCONFIRMED_WRITES);
    return new FilterOutputStream(out) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        // sshj sends each write as one SFTP request; OpenSSH refuses requests over 256 KiB
        for (int done = 0; done < len; done += WRITE_CHUNK) {
          out.write(b, off + done, Math.min(WRITE_CHUNK, len - done));
        }
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try {
          out.close();
        } finally {
          file.close();
        }
      }
    };
  }

  @Override
  public InputStream read(String path) throws IOException {
    RemoteFile file = sftp.open(path, EnumSet.of(OpenMode.READ));
    return new FilterInputStream(file.new ReadAheadRemoteFileInputStream(READ_AHEAD)) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try {
          in.close();
        } finally {
          file.close();
        }
      }
    };
  }

  @Override
  public void rename(String from, String to) throws IOException {
    if (SftpExtensions.posixRename(sftp.getSFTPEngine(), Map.of(from, to))) {
      return;
    }
    if (sftp.statExistence(to) != null) {
      sftp.rm(to);
    }
    sftp.rename(from, to);
  }

  @Override
  public void delete(String path) throws IOException {
    try {
      sftp.rm(path);
    } catch (SFTPException e) {
      if (e.getStatusCode() != Response.StatusCode.NO_SUCH_FILE) {
        throw e;
      }
    }
  }

  @Override
  public void rmdir(String dir) throws IOException {
    knownDirs.removeIf(d -> d.equals(dir) || d.startsWith(dir + "/"));
    try {
      sftp.rmdir(dir);
    } catch (SFTPException e) {
      if (e.getStatusCode() != Response.StatusCode.NO_SUCH_FILE) {
        throw e;
      }
    }
  }

  @Override
  public Map<String, Checked> check(Collection<String> paths, long bytes) throws IOException {
    if (paths.isEmpty()) {
      return Map.of();
    }
    List<String> list = List.copyOf(paths);
    if (exec) {
      // sha256sum reads at 300 MB/s or more; allow 20 MB/s and a minute of slack
      long seconds = 60 + bytes / (20L * 1024 * 1024);
      return RemoteShell.parseStatAndSha256sum(run(ssh, RemoteShell.statAndSha256sum(hasher, list), seconds),
          list);
    }
    Map<String, Checked> out = new HashMap<>();
    byte[] buf = new byte[256 * 1024];
    for (String p : list) {
      MessageDigest md = Hashing.sha256();
      long size = 0;
      try (InputStream in = new DigestInputStream(read(p), md)) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          size += n;
        }
      }
      out.put(p, new Checked(size, HexFormat.of().formatHex(md.digest())));
    }
    return out;
  }

  @Override
  public void renameAll(Map<String, String> fromTo) throws IOException {
    if (!SftpExtensions.posixRename(sftp.getSFTPEngine(), fromTo)) {
      Remote.super.renameAll(fromTo);
    }
  }

  @Override
  public OptionalLong available(String dir) throws IOException {
    OptionalLong free = SftpExtensions.statvfsAvailable(sftp.getSFTPEngine(), dir);
    if (free.isPresent() || !exec) {
      return free;
    }
    return RemoteShell.parseDf(run(ssh, RemoteShell.df(dir), 30));
  }

  /** Runs a command with stdin closed; its stdout, or an IOException with its stderr when it fails. */
  private static String run(SSHClient ssh, String command, long timeoutSeconds) throws IOException {
    try (Session session = ssh.startSession()) {
      Session.Command cmd = session.exec(command);
      cmd.getOutputStream().close();
      cmd.join(timeoutSeconds, TimeUnit.SECONDS);
      String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(cmd.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      Integer status = cmd.getExitStatus();
      if (status == null || status != 0) {
        throw new IOException("'" + command.split(" ")[0] + "' on the backup server failed (exit " + status + ")"
            + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("")));
      }
      return out;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      sftp.close();
    } finally {
      ssh.close();
    }
  }
}
