#include "helmchartindex.h"

#include "yamlevents.h"

#include <QDataStream>
#include <QIODevice>
#include <QRegularExpression>

#include <algorithm>
#include <vector>

namespace fd::core {

namespace {

// Far above any public index (the largest are some tens of megabytes), far below harm.
constexpr qsizetype maximumIndexSize = 512 * 1024 * 1024;
constexpr quint32 cacheMagic = 0x46444849; // "FDHI"
constexpr quint32 cacheFormat = 1;

/** RFC 3339 as Go writes it: nanoseconds are cut to what QDateTime keeps (milliseconds). */
QDateTime parseTime(const QString& text) {
    static const QRegularExpression fraction(QStringLiteral(R"((\.\d{3})\d+)"));
    QString trimmed = text.trimmed();
    trimmed.replace(fraction, QStringLiteral("\\1"));
    return QDateTime::fromString(trimmed, Qt::ISODateWithMs);
}

} // namespace

/** Picks charts and their versions out of the event stream; everything else passes by. */
class HelmIndexReader final : public YAML::EventHandler {
public:
    HelmIndexReader(const YamlSource& source, HelmChartIndex& index)
        : m_guard(source.bomLength(), source.bytes().size())
        , m_index(index) {}

    bool sawApiVersion() const { return m_sawApiVersion; }
    bool sawRootMap() const { return m_sawRootMap; }

    void OnDocumentStart(const YAML::Mark& mark) override {
        m_guard.documentStarted(mark);
        ++m_documents;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { place(mark, {}, false); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { place(mark, {}, false); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  const std::string& value) override {
        place(mark, value, true);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        open(mark, Frame::Kind::Sequence);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        open(mark, Frame::Kind::Map);
    }
    void OnMapEnd() override { close(); }

private:
    enum class Role { Root, Entries, Chart, Version, Urls, Other };
    struct Frame final {
        enum class Kind { Map, Sequence };
        Kind kind;
        Role role;
        bool isKey = false;
        bool expectingKey = true;
        std::string key;
    };

    /** The role of a value that is about to be placed in the innermost open container. */
    Role childRole(Frame::Kind kind) const {
        if (m_frames.empty())
            return m_documents == 1 && kind == Frame::Kind::Map ? Role::Root : Role::Other;
        const Frame& parent = m_frames.back();
        switch (parent.role) {
        case Role::Root:
            return parent.key == "entries" && kind == Frame::Kind::Map ? Role::Entries
                                                                       : Role::Other;
        case Role::Entries:
            return kind == Frame::Kind::Sequence ? Role::Chart : Role::Other;
        case Role::Chart:
            return kind == Frame::Kind::Map ? Role::Version : Role::Other;
        case Role::Version:
            return parent.key == "urls" && kind == Frame::Kind::Sequence ? Role::Urls : Role::Other;
        default:
            return Role::Other;
        }
    }

    /** A key of the innermost map, or the value that follows one. */
    bool takeKey(const std::string& scalar) {
        if (m_frames.empty() || m_frames.back().kind != Frame::Kind::Map ||
            !m_frames.back().expectingKey)
            return false;
        m_frames.back().key = scalar;
        m_frames.back().expectingKey = false;
        return true;
    }
    void valuePlaced() {
        if (!m_frames.empty() && m_frames.back().kind == Frame::Kind::Map)
            m_frames.back().expectingKey = true;
    }

    void place(const YAML::Mark& mark, const std::string& scalar, bool isScalar) {
        m_guard.valueRead(mark);
        if (takeKey(scalar))
            return;
        if (!m_frames.empty() && isScalar) {
            const Frame& parent = m_frames.back();
            const QString text = QString::fromStdString(scalar);
            if (parent.role == Role::Root && parent.key == "apiVersion")
                m_sawApiVersion = !text.isEmpty();
            else if (parent.role == Role::Version)
                setField(parent.key, text);
            else if (parent.role == Role::Urls)
                m_version.urls.append(text);
        }
        valuePlaced();
    }

    void setField(const std::string& key, const QString& text) {
        if (key == "version")
            m_version.version = text;
        else if (key == "appVersion")
            m_version.appVersion = text;
        else if (key == "digest")
            m_version.digest = text;
        else if (key == "created")
            m_version.created = parseTime(text);
        else if (key == "deprecated")
            m_version.deprecated = text == u"true";
    }

    void open(const YAML::Mark& mark, Frame::Kind kind) {
        m_guard.valueRead(mark);
        const Role role = childRole(kind);
        // A map or sequence as a key (legal YAML, never in an index) is read past.
        const bool isKey = !m_frames.empty() && m_frames.back().kind == Frame::Kind::Map &&
                           m_frames.back().expectingKey;
        if (isKey)
            m_frames.back().expectingKey = false;
        if (m_frames.size() >= 64)
            throw YamlEventAbort{Error::Kind::TooLarge, m_guard.position(mark),
                                 QStringLiteral("the index is nested more than 64 levels deep")};
        if (role == Role::Root)
            m_sawRootMap = true;
        if (role == Role::Chart)
            m_chart = QString::fromStdString(m_frames.back().key);
        if (role == Role::Version)
            m_version = {};
        m_frames.push_back({kind, isKey ? Role::Other : role, isKey, true, {}});
    }

    void close() {
        if (m_frames.empty())
            return;
        const Role role = m_frames.back().role;
        const bool wasKey = m_frames.back().isKey;
        m_frames.pop_back();
        if (role == Role::Version) {
            if (m_version.version.isEmpty())
                ++m_index.m_skipped;
            else
                m_index.m_entries[m_chart].append(std::move(m_version));
        }
        if (!wasKey)
            valuePlaced();
    }

    YamlRunawayGuard m_guard;
    HelmChartIndex& m_index;
    std::vector<Frame> m_frames;
    QString m_chart;
    HelmChartVersion m_version;
    int m_documents = 0;
    bool m_sawApiVersion = false;
    bool m_sawRootMap = false;
};

Result<HelmChartIndex> HelmChartIndex::parse(const QByteArray& bytes, const QString& source) {
    auto checked = YamlSource::check(bytes, source, maximumIndexSize);
    if (!checked)
        return std::move(checked).error();
    HelmChartIndex index;
    HelmIndexReader reader(*checked, index);
    if (auto read = readYamlEvents(*checked, reader); !read)
        return std::move(read).error();
    if (!reader.sawRootMap() || !reader.sawApiVersion())
        return Error{Error::Kind::Parse,
                     QStringLiteral("not a Helm chart repository index: it has no apiVersion "
                                    "(is the repository URL right, without /index.yaml?)"),
                     source};
    return index;
}

QStringList HelmChartIndex::charts() const {
    QStringList names = m_entries.keys();
    std::sort(names.begin(), names.end());
    return names;
}

QList<HelmChartVersion> HelmChartIndex::versions(const QString& chart) const {
    return m_entries.value(chart);
}

QByteArray HelmChartIndex::serialize() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << cacheMagic << cacheFormat << qint32(m_skipped) << qint64(m_entries.size());
    for (const QString& chart : charts()) {
        const QList<HelmChartVersion>& versions = m_entries[chart];
        out << chart << qint64(versions.size());
        for (const HelmChartVersion& v : versions)
            out << v.version << v.appVersion << v.digest << v.created << v.urls << v.deprecated;
    }
    return bytes;
}

Result<HelmChartIndex> HelmChartIndex::deserialize(const QByteArray& bytes, const QString& source) {
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint32 format = 0;
    qint32 skipped = 0;
    qint64 charts = 0;
    in >> magic >> format >> skipped >> charts;
    const auto damaged = [&] {
        return Error{Error::Kind::Parse,
                     QStringLiteral("the cached chart index is damaged or from another version "
                                    "of Freightdesk; it will be fetched again"),
                     source};
    };
    if (in.status() != QDataStream::Ok || magic != cacheMagic || format != cacheFormat ||
        charts < 0)
        return damaged();
    HelmChartIndex index;
    index.m_skipped = skipped;
    for (qint64 c = 0; c < charts && in.status() == QDataStream::Ok; ++c) {
        QString chart;
        qint64 count = 0;
        in >> chart >> count;
        if (count < 0 || count > bytes.size())
            return damaged();
        QList<HelmChartVersion>& versions = index.m_entries[chart];
        versions.reserve(count);
        for (qint64 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
            HelmChartVersion v;
            in >> v.version >> v.appVersion >> v.digest >> v.created >> v.urls >> v.deprecated;
            versions.append(std::move(v));
        }
    }
    if (in.status() != QDataStream::Ok || !in.atEnd())
        return damaged();
    return index;
}

} // namespace fd::core
