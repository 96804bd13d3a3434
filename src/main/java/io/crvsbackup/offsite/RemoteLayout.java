package io.crvsbackup.offsite;

import io.crvsbackup.store.Label;

/**
 * Where things live on the backup server, under {@code EXTERNAL_BACKUP_DIR}:
 *
 * <pre>
 * &lt;label&gt;/crvs-backup-set.txt          our manifest of the set, written last: the set is complete and ours
 * &lt;label&gt;/crvs-backup-pushing.txt      written first: this folder is ours and a push is under way
 * &lt;label&gt;/&lt;label&gt;.tar.gz.enc           the set as one bundle (passphrase; OpenCRVS 1.4+ has the same name)
 * &lt;label&gt;/&lt;label&gt;.tar.gz.age           the set as one bundle (age recipients)
 * &lt;label&gt;/mongo/..., influxdb/&lt;label&gt;/..., manifests/&lt;label&gt;.json   the set's files (no encryption)
 * _elasticsearch/&lt;path&gt;[.enc|.age]     the Elasticsearch repository's files, shared by all sets
 * _elasticsearch/crvs-backup-index.txt   what the mirror holds, with sizes and hashes
 * *.crvs-partial                         a file being uploaded; renamed once checked
 * </pre>
 *
 * {@code _elasticsearch} cannot collide with a set: labels start with a letter or a digit.
 */
final class RemoteLayout {
  static final String SET_MANIFEST = "crvs-backup-set.txt";
  static final String DELETING = "crvs-backup-set.deleting";
  static final String PUSHING = "crvs-backup-pushing.txt";
  static final String PARTIAL = ".crvs-partial";
  static final String ES_DIR = "_elasticsearch";
  static final String ES_INDEX = "crvs-backup-index.txt";
  static final String OPENCRVS_SUFFIX = ".tar.gz.enc";

  private final String root;

  RemoteLayout(String root) {
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  String root() {
    return root;
  }

  String setDir(Label label) {
    return root + "/" + label.value();
  }

  String inSet(Label label, String relative) {
    return setDir(label) + "/" + relative;
  }

  String setManifest(Label label) {
    return inSet(label, SET_MANIFEST);
  }

  String pushing(Label label) {
    return inSet(label, PUSHING);
  }

  /** The bundle's name inside the set folder: {@code <label>.tar.gz.enc} or {@code .tar.gz.age}. */
  static String bundleName(Label label, Encryption.Mode mode) {
    return label.value() + ".tar.gz" + mode.suffix;
  }

  String esDir() {
    return root + "/" + ES_DIR;
  }

  String esFile(String stored) {
    return esDir() + "/" + stored;
  }

  String esIndex() {
    return esDir() + "/" + ES_INDEX;
  }

  static String partial(String path) {
    return path + PARTIAL;
  }

  /** The folder part of a remote path. */
  static String parent(String path) {
    return path.substring(0, Math.max(1, path.lastIndexOf('/')));
  }
}
