#pragma once

#include <QList>
#include <QMap>
#include <QString>

#include <variant>

namespace fd::core {

/** A value Kargo only knows at promotion time: a field of the freight, a step output, the promotion. */
struct KargoDeferred final {
    /** Where the value comes from. */
    enum class Source { Image, Commit, Chart, StepOutput, TaskOutput, Context };

    Source source = Source::Context;
    /** Image/Commit/Chart: the repository URL; outputs: the step alias; Context: empty. */
    QString subject;
    /** Chart: the chart name given as second argument of chartFrom(), else empty. */
    QString chart;
    /**
     * Image: Tag, Digest, RepoURL, Annotations...; Commit: ID, Branch, Tag, Message...; Chart:
     * Version, Name, RepoURL; outputs: the key path ("commit", "prNumber"); Context: the path
     * under ctx ("targetFreight.name"). Empty for the whole object.
     */
    QString field;
    /** The freight origin from warehouse("name"), else empty. */
    QString origin;

    /** As Kargo reads it: "imageFrom(ghcr.io/akuity/guestbook).Tag", "task.outputs['x'].commit". */
    QString toString() const;
    bool operator==(const KargoDeferred&) const = default;
};

/** One part of a template: literal text or a deferred value. */
using KargoPart = std::variant<QString, KargoDeferred>;

/**
 * The result of a Kargo expression or config string: null, bool, number, string, list or map when
 * known; otherwise one deferred value, or a template of literal and deferred parts that Kargo
 * concatenates at promotion time.
 */
class KargoValue final {
public:
    /** What the value is. Deferred and Template are not known before promotion. */
    enum class Type { Null, Bool, Number, String, List, Map, Deferred, Template };

    /** Null. */
    KargoValue() = default;
    explicit KargoValue(bool value);
    explicit KargoValue(double value);
    explicit KargoValue(const QString& value);
    explicit KargoValue(const QList<KargoValue>& list);
    explicit KargoValue(const QMap<QString, KargoValue>& map);
    explicit KargoValue(const KargoDeferred& deferred);
    /** Literal and deferred parts in order; adjacent literals are merged, empty ones dropped. */
    static KargoValue fromParts(const QList<KargoPart>& parts);
    /**
     * What Kargo makes of a config string after its expressions are rendered: a string in double
     * quotes loses them and stays a string (quote()); otherwise a number, a bool (Go's
     * strconv.ParseBool: "t", "FALSE"...) or JSON wins over the string. The promotion engine
     * applies this to a template once its deferred parts are filled in.
     */
    static KargoValue fromRenderedTemplate(const QString& text);

    Type type() const { return m_type; }
    /** Not deferred and no deferred parts. */
    bool isKnown() const { return m_type != Type::Deferred && m_type != Type::Template; }
    bool isNull() const { return m_type == Type::Null; }
    bool isString() const { return m_type == Type::String; }
    /** The bool value; false for anything but a Bool. */
    bool toBool() const { return m_type == Type::Bool && m_bool; }
    /** The number; 0 for anything but a Number. */
    double toNumber() const { return m_type == Type::Number ? m_number : 0.0; }
    /**
     * Kargo's rendering of a value inside a template: a string as is, anything else as Go's
     * encoding/json writes it ("null", "true", "1.5", "[1,2]", {"a":1}). Deferred parts are
     * written as ${{ toString() }}.
     */
    QString toString() const;
    const QList<KargoValue>& list() const { return m_list; }
    const QMap<QString, KargoValue>& map() const { return m_map; }
    /** Literal and deferred parts in order (one literal part for a known value). */
    QList<KargoPart> parts() const;
    /** The deferred parts, in order. */
    QList<KargoDeferred> deferred() const;
    /** A name for messages: "string", "bool", "float64" (Go's names, as Kargo reports them). */
    QString typeName() const;

    bool operator==(const KargoValue& other) const;

private:
    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    QString m_string;
    QList<KargoValue> m_list;
    QMap<QString, KargoValue> m_map;
    QList<KargoPart> m_parts; // Deferred and Template only
};

/** Go's strconv.Quote, which Kargo's quote() uses for strings. */
QString goQuote(const QString& text);
/** A value as Go's encoding/json writes it (HTML characters escaped, map keys sorted). */
QString goJson(const KargoValue& value);

} // namespace fd::core
