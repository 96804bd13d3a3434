package io.crvsbackup.offsite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.sftp.PacketType;
import net.schmizz.sshj.sftp.Request;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPEngine;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * OpenSSH's SFTP extensions that sshj does not wrap: {@code posix-rename@openssh.com} (rename that replaces
 * the target atomically; plain SFTP v3 rename refuses an existing target) and {@code statvfs@openssh.com}
 * (free space without running a command). Each is used only when the server announces it.
 */
final class SftpExtensions {
  private SftpExtensions() {}

  /**
   * Renames each {@code from} to its {@code to}, all requests in flight together.
   *
   * @return false when the server lacks the extension (nothing was done)
   */
  static boolean posixRename(SFTPEngine engine, Map<String, String> fromTo) throws IOException {
    if (!engine.supportsServerExtension("posix-rename", "openssh.com")) {
      return false;
    }
    List<Promise<Response, SFTPException>> replies = new ArrayList<>();
    for (Map.Entry<String, String> e : fromTo.entrySet()) {
      replies.add(engine.request(engine.newExtendedRequest("posix-rename@openssh.com")
          .putString(e.getKey(), StandardCharsets.UTF_8).putString(e.getValue(), StandardCharsets.UTF_8)));
    }
    for (Promise<Response, SFTPException> r : replies) {
      r.retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS).ensureStatusPacketIsOK();
    }
    return true;
  }

  /** The bytes available to us in the file system of {@code dir} ({@code f_bavail * f_frsize}), when known. */
  static OptionalLong statvfsAvailable(SFTPEngine engine, String dir) throws IOException {
    if (!engine.supportsServerExtension("statvfs", "openssh.com")) {
      return OptionalLong.empty();
    }
    Request req = engine.newExtendedRequest("statvfs@openssh.com").putString(dir, StandardCharsets.UTF_8);
    Response res = engine.request(req).retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS);
    if (res.getType() != PacketType.EXTENDED_REPLY) {
      return OptionalLong.empty();
    }
    try {
      res.readUInt64(); // f_bsize
      long frsize = res.readUInt64();
      res.readUInt64(); // f_blocks
      res.readUInt64(); // f_bfree
      long bavail = res.readUInt64();
      return OptionalLong.of(bavail * frsize);
    } catch (Buffer.BufferException e) {
      return OptionalLong.empty();
    }
  }
}
