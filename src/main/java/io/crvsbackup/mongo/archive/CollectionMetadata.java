package io.crvsbackup.mongo.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * One collection, view or time-series collection as the archive's prelude declares it: its
 * namespace, its type, and the metadata mongorestore needs to recreate it (options, indexes, UUID),
 * kept both as the Extended JSON text found in the archive and parsed.
 *
 * <p>Immutable; the BSON values handed out are copies.
 */
public final class CollectionMetadata {
  /** The type of an ordinary collection, as current mongodump writes it. */
  public static final String COLLECTION = "collection";

  public static final String VIEW = "view";
  public static final String TIMESERIES = "timeseries";

  private final Namespace namespace;
  private final String typeField;
  private final long size;
  private final String json;
  private final BsonDocument options;
  private final List<BsonDocument> indexes;
  private final String uuid;
  private final String type;

  private CollectionMetadata(Namespace namespace, String typeField, long size, String json) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.typeField = typeField;
    this.size = size;
    this.json = Objects.requireNonNull(json, "metadata");
    BsonDocument doc = json.isEmpty() ? new BsonDocument() : MetadataJson.parse(json);
    this.options = doc.containsKey("options") ? doc.getDocument("options") : new BsonDocument();
    List<BsonDocument> ix = new ArrayList<>();
    for (BsonValue v : doc.getArray("indexes", new BsonArray())) {
      ix.add(v.asDocument());
    }
    this.indexes = List.copyOf(ix);
    this.uuid = doc.containsKey("uuid") ? doc.getString("uuid").getValue() : null;
    String fromJson = doc.containsKey("type") ? doc.getString("type").getValue() : "";
    this.type = effectiveType(typeField == null ? "" : typeField, fromJson, options);
  }

  /**
   * Declares a collection with the metadata mongodump would record for it.
   *
   * @param type {@link #COLLECTION}, {@link #VIEW} or {@link #TIMESERIES}, as listCollections says
   * @param options the collection's options from listCollections (empty for none)
   * @param indexes the index specifications from listIndexes (empty for a view)
   * @param uuid the collection's UUID, or null when it has none (views, some time-series)
   */
  public static CollectionMetadata of(
      Namespace namespace,
      String type,
      BsonDocument options,
      List<BsonDocument> indexes,
      UUID uuid) {
    Objects.requireNonNull(type, "type");
    BsonDocument doc = new BsonDocument();
    if (!options.isEmpty()) {
      doc.put("options", options.clone());
    }
    BsonArray ix = new BsonArray();
    indexes.forEach(i -> ix.add(i.clone()));
    doc.put("indexes", ix);
    if (uuid != null) {
      doc.put("uuid", new BsonString(uuidHex(uuid)));
    }
    doc.put("collectionName", new BsonString(namespace.collection()));
    if (!type.isEmpty()) {
      doc.put("type", new BsonString(type));
    }
    return new CollectionMetadata(namespace, type, 0, MetadataJson.write(doc));
  }

  /**
   * Declares a namespace that carries data but no metadata, as mongodump declares the oplog of
   * {@code --oplog} ({@code "".oplog}).
   */
  public static CollectionMetadata withoutMetadata(Namespace namespace) {
    return new CollectionMetadata(namespace, "", 0, "");
  }

  /**
   * Rebuilds an entry from the fields of a collection-metadata document.
   *
   * @param typeField the document's {@code type}, or null when older mongodump left it out
   * @throws RuntimeException from the BSON library when {@code json} is not valid metadata
   */
  static CollectionMetadata parse(Namespace namespace, String typeField, long size, String json) {
    return new CollectionMetadata(namespace, typeField, size, json);
  }

  /** The UUID as mongodump writes it: 32 lowercase hex digits, no dashes. */
  public static String uuidHex(UUID uuid) {
    return String.format(
        Locale.ROOT, "%016x%016x", uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
  }

  public Namespace namespace() {
    return namespace;
  }

  /**
   * {@link #VIEW}, {@link #TIMESERIES}, {@link #COLLECTION}, or another type a newer mongodump
   * wrote. Archives that leave the type out get it from the metadata (a {@code viewOn} option
   * makes a view).
   */
  public String type() {
    return type;
  }

  public boolean isView() {
    return VIEW.equals(type);
  }

  public boolean isTimeseries() {
    return TIMESERIES.equals(type);
  }

  /** The collection's options: capped, validator, collation, viewOn and pipeline, timeseries... */
  public BsonDocument options() {
    return options.clone();
  }

  /** The index specifications, each as listIndexes returned it. */
  public List<BsonDocument> indexes() {
    return indexes.stream().map(BsonDocument::clone).toList();
  }

  /** The collection's UUID as 32 hex digits, when the archive recorded one. */
  public Optional<String> uuid() {
    return Optional.ofNullable(uuid);
  }

  /** The uncompressed size the writer declared; mongodump always writes 0. */
  public long size() {
    return size;
  }

  /** The metadata exactly as the archive carries it: Extended JSON, or empty for the oplog. */
  public String metadataJson() {
    return json;
  }

  /** The document's own {@code type} field, null when the archive had none. */
  String typeField() {
    return typeField;
  }

  /** Equal when the archive would carry the same collection-metadata document. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CollectionMetadata m
        && namespace.equals(m.namespace)
        && Objects.equals(typeField, m.typeField)
        && size == m.size
        && json.equals(m.json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, typeField, size, json);
  }

  @Override
  public String toString() {
    return namespace + " (" + type + ")";
  }

  private static String effectiveType(String field, String fromJson, BsonDocument options) {
    if (!field.isEmpty()) {
      return field;
    }
    if (!fromJson.isEmpty()) {
      return fromJson;
    }
    return options.containsKey("viewOn") ? VIEW : COLLECTION;
  }
}
