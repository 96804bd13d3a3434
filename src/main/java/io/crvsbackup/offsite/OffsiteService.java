package io.crvsbackup.offsite;

import io.crvsbackup.config.Settings;
import io.crvsbackup.store.BackupSet;
import io.crvsbackup.store.BackupStore;
import io.crvsbackup.store.BadInputException;
import io.crvsbackup.store.Label;
import io.crvsbackup.store.Resolution;
import io.crvsbackup.store.SetResolver;
import io.crvsbackup.store.SetStatus;
import io.crvsbackup.store.StoreException;
import io.crvsbackup.store.StoreLock;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** {@link Offsite} over SSH: one connection per operation, the store lock while sets are read or written. */
final class OffsiteService implements Offsite {
  /** Opens a connection to the backup server. */
  @FunctionalInterface
  interface Connector {
    Remote connect() throws OffsiteException;
  }

  /** Waits between attempts (a test passes one that does not). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Settings.Offsite settings;
  private final BackupStore store;
  private final OffsiteListener listener;
  private final Retry retry;
  private final Encryption encryption;
  private final RemoteLayout layout;
  private final Connector connector;
  private final Sleeper sleeper;

  OffsiteService(Settings.Offsite settings, BackupStore store, OffsiteListener listener, Retry retry,
      Encryption encryption, Connector connector, Sleeper sleeper) {
    this.settings = settings;
    this.store = store;
    this.listener = listener;
    this.retry = retry;
    this.encryption = encryption;
    this.layout = new RemoteLayout(settings.server().orElseThrow().dir());
    this.connector = connector;
    this.sleeper = sleeper;
  }

  static OffsiteService create(Settings settings, BackupStore store, OffsiteListener listener, Retry retry)
      throws OffsiteException {
    Settings.Offsite o = settings.offsite();
    if (o.server().isEmpty()) {
      throw new OffsiteException(OffsiteException.Kind.CONFIG, "no backup server is configured: set"
          + " EXTERNAL_BACKUP_HOST, EXTERNAL_BACKUP_USER, EXTERNAL_BACKUP_DIR, EXTERNAL_BACKUP_SSH_KEY_FILE and"
          + " EXTERNAL_BACKUP_KNOWN_HOSTS (or EXTERNAL_BACKUP_HOST_KEY_FINGERPRINT)");
    }
    Encryption encryption;
    try {
      encryption = Encryption.of(settings.encryptionPassphrase(), o.recipients(), o.identity());
    } catch (IllegalArgumentException e) {
      throw new OffsiteException(OffsiteException.Kind.CONFIG, "BACKUP_ENCRYPTION_RECIPIENTS: " + e.getMessage());
    }
    return new OffsiteService(o, store, listener, retry, encryption,
        () -> SshConnector.connect(o.server().get(), o.keyPassphrase()), d -> Thread.sleep(d.toMillis()));
  }

  @Override
  public List<RemoteSet> list() throws OffsiteException {
    try (Remote remote = connector.connect()) {
      return scan(remote).stream().map(RemoteCatalog.Found::set).toList();
    } catch (IOException e) {
      throw Failures.translate(e, "list the sets on the backup server", null, layout.root());
    }
  }

  @Override
  public PushReport.Pushed push(String when) throws OffsiteException, StoreException {
    try (StoreLock lock = store.lock("offsite push " + when, listener::warning)) {
      BackupSet set = store.resolve(when).set();
      if (!set.restorable()) {
        throw new OffsiteException(OffsiteException.Kind.LOCAL, "push " + set.label() + ": the set is "
            + set.status().word() + " and is not copied offsite" + set.problem().map(p -> " (" + p + ")").orElse(""));
      }
      return pushOnce(set);
    } catch (IOException e) {
      throw new StoreException("cannot release the store lock: " + e.getMessage(), e);
    }
  }

  private PushReport.Pushed pushOnce(BackupSet set) throws OffsiteException, StoreException {
    try (Remote remote = connector.connect()) {
      try {
        return pusher(remote).push(set);
      } catch (IOException e) {
        // translated while the connection is open, so that a failed write can ask for the free space
        throw Failures.translate(e, "push " + set.label(), remote, layout.setDir(set.label()));
      }
    } catch (IOException e) {
      throw Failures.translate(e, "push " + set.label(), null, layout.setDir(set.label()));
    }
  }

  @Override
  public PushReport pushAfterBackup(Label written) {
    return new AfterRunPush(store, settings.retention(), listener, retry, sleeper, connector, layout, encryption)
        .run(written);
  }

  @Override
  public PullReport pull(String when) throws OffsiteException, StoreException {
    try (StoreLock lock = store.lock("offsite pull " + when, listener::warning);
        Remote remote = connector.connect()) {
      List<RemoteCatalog.Found> found = scan(remote);
      return pullLocked(remote, resolveRemote(when, found), found);
    } catch (IOException e) {
      throw Failures.translate(e, "pull " + when, null, layout.root());
    }
  }

  @Override
  public Optional<PullReport> ensureLocal(String when) throws OffsiteException, StoreException {
    try (StoreLock lock = store.lock("offsite pull for restore " + when, listener::warning);
        Remote server = connector.connect()) {
      List<RemoteCatalog.Found> found = scan(server);
      List<BackupSet> local = new ArrayList<>(store.sets());
      java.util.Set<Label> remote = new java.util.HashSet<>();
      found.stream().filter(f -> f.set().restorable()).forEach(f -> remote.add(f.set().label()));
      local.removeIf(s -> PullJournal.leftBehind(store.layout(), s.label())
          || (!holdsFiles(s) && remote.contains(s.label())));
      List<BackupSet> union = new ArrayList<>(local);
      for (RemoteCatalog.Found f : found) {
        if (f.set().restorable() && local.stream().noneMatch(s -> s.label().equals(f.set().label()))) {
          union.add(standIn(f.set()));
        }
      }
      Resolution r = SetResolver.resolve(when, union);
      if (local.contains(r.set())) {
        return Optional.empty();
      }
      r.note().ifPresent(listener::info);
      listener.info("set " + r.set().label() + " is only on the backup server: pulling it back");
      return Optional.of(pullLocked(server, r.set().label(), found));
    } catch (IOException e) {
      throw Failures.translate(e, "find " + when + " on the backup server", null, layout.root());
    }
  }

  private PullReport pullLocked(Remote remote, Label label, List<RemoteCatalog.Found> found)
      throws OffsiteException, StoreException, IOException {
    if (PullJournal.leftBehind(store.layout(), label)) {
      int n = PullJournal.undo(store.layout(), label);
      listener.warning(label + ": an earlier pull was interrupted; removed the " + n + " file(s) it had placed");
    }
    Optional<BackupSet> here = store.sets().stream().filter(s -> s.label().equals(label) && holdsFiles(s))
        .findFirst();
    if (here.isPresent()) {
      throw new OffsiteException(OffsiteException.Kind.EXISTS, "set " + label + " exists locally ("
          + here.get().status().word() + "); nothing was pulled" + (here.get().restorable() ? ""
          : ". Move its files away or prune it to pull the offsite copy"));
    }
    RemoteCatalog.Found f = found.stream().filter(x -> x.set().label().equals(label)).findFirst().orElseThrow();
    try {
      return new SetPuller(store, remote, layout, encryption, listener, store.clock()).pull(f);
    } catch (IOException e) {
      OffsiteException x = Failures.translate(e, "pull " + label, remote, layout.setDir(label));
      if (e instanceof Placer.MismatchException) {
        throw new OffsiteException(OffsiteException.Kind.CORRUPT, x.getMessage(), e);
      }
      if (e instanceof Placer.ExistsException) {
        throw new OffsiteException(OffsiteException.Kind.LOCAL, x.getMessage(), e);
      }
      throw x;
    }
  }

  /**
   * Whether a local set has files of its own. A dated snapshot in the shared Elasticsearch repository
   * shows as an imported set without files; pulling the full set next to it takes nothing away.
   */
  private static boolean holdsFiles(BackupSet s) {
    return s.manifest().isPresent() || !s.files().isEmpty() || s.status() == SetStatus.INCOMPLETE;
  }

  private Label resolveRemote(String when, List<RemoteCatalog.Found> found) throws OffsiteException {
    List<BackupSet> sets = found.stream().filter(f -> f.set().restorable()).map(f -> standIn(f.set())).toList();
    try {
      return SetResolver.resolve(when, sets).set().label();
    } catch (BadInputException e) {
      throw new OffsiteException(OffsiteException.Kind.NOT_FOUND, "on the backup server: " + e.getMessage(), e);
    }
  }

  /** A remote set in the shape the resolver knows. */
  private BackupSet standIn(RemoteSet s) {
    LocalDate day = s.label().date().orElseGet(() -> LocalDate.ofInstant(s.created(), store.clock().getZone()));
    return new BackupSet(s.label(), s.kind() == RemoteSet.Kind.COMPLETE ? SetStatus.COMPLETE : SetStatus.IMPORTED,
        s.created(), day, Optional.empty(), List.of(), new TreeSet<>(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  private List<RemoteCatalog.Found> scan(Remote remote) throws IOException {
    return RemoteCatalog.scan(remote, layout, store.clock().getZone());
  }

  private SetPusher pusher(Remote remote) {
    return new SetPusher(store.layout(), remote, layout, encryption, listener, store.clock());
  }
}
