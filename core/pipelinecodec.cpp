#include "pipelinecodec.h"

#include <QDateTime>
#include <QHash>
#include <QIODevice>

#include <limits>
#include <optional>

namespace fd::core {

namespace {

/** Writes each string as its index in a table written first. */
class Writer final {
public:
    explicit Writer(QDataStream& body)
        : m_body(body) {}

    void text(const QString& text) {
        const auto found = m_index.constFind(text);
        quint32 id = found != m_index.constEnd() ? *found : quint32(m_strings.size());
        if (found == m_index.constEnd()) {
            m_index.insert(text, id);
            m_strings.append(text);
        }
        m_body << id;
    }
    void texts(const QStringList& texts) {
        m_body << quint32(texts.size());
        for (const QString& text : texts)
            this->text(text);
    }
    template <typename Enum> void enumeration(const Enum& value, Enum /*last*/) {
        m_body << quint8(value);
    }
    void flag(const bool& value) { m_body << value; }
    void number(const int& value) { m_body << qint64(value); }
    void optionalNumber(const std::optional<int>& value) {
        m_body << value.has_value() << qint64(value.value_or(0));
    }
    void seconds(const std::chrono::seconds& value) { m_body << qint64(value.count()); }
    void time(const QDateTime& value) { m_body << value; }
    void clock(const QTime& value) { m_body << value; }
    template <typename T, typename Visit> void list(const QList<T>& items, Visit visit) {
        m_body << quint32(items.size());
        for (const T& item : items)
            visit(*this, item);
    }
    const QStringList& strings() const { return m_strings; }

private:
    QDataStream& m_body;
    QHash<QString, quint32> m_index;
    QStringList m_strings;
};

/** Reads what Writer wrote; any damage leaves ok() false (and the stream's status not Ok). */
class Reader final {
public:
    Reader(QDataStream& body, QStringList strings)
        : m_body(body)
        , m_strings(std::move(strings)) {}

    void text(QString& text) {
        quint32 id = 0;
        m_body >> id;
        if (id < quint32(m_strings.size()))
            text = m_strings.at(id);
        else
            m_ok = false;
    }
    void texts(QStringList& texts) {
        list(texts, [](Reader& reader, QString& text) { reader.text(text); });
    }
    template <typename Enum> void enumeration(Enum& value, Enum last) {
        quint8 raw = 0;
        m_body >> raw;
        m_ok = m_ok && raw <= quint8(last);
        value = Enum(raw);
    }
    void flag(bool& value) { m_body >> value; }
    void number(int& value) {
        qint64 raw = 0;
        m_body >> raw;
        m_ok = m_ok && raw >= 0 && raw <= std::numeric_limits<int>::max();
        value = int(raw);
    }
    void optionalNumber(std::optional<int>& value) {
        bool present = false;
        int raw = 0;
        m_body >> present;
        number(raw);
        value = present ? std::optional<int>(raw) : std::nullopt;
    }
    void time(QDateTime& value) { m_body >> value; }
    void clock(QTime& value) { m_body >> value; }
    void seconds(std::chrono::seconds& value) {
        qint64 raw = 0;
        m_body >> raw;
        value = std::chrono::seconds(raw);
    }
    template <typename T, typename Visit> void list(QList<T>& items, Visit visit) {
        quint32 size = 0;
        m_body >> size;
        items.clear();
        // No reserve(size): a damaged size must fail at the end of the stream, not allocate.
        for (quint32 i = 0; i < size && ok(); ++i)
            visit(*this, items.emplace_back());
    }
    bool ok() const { return m_ok && m_body.status() == QDataStream::Ok; }

private:
    QDataStream& m_body;
    QStringList m_strings;
    bool m_ok = true;
};

// One description of the fields for both directions: T is const when writing.
template <typename Archive, typename T> void visitFinding(Archive& a, T& finding) {
    a.enumeration(finding.severity, Finding::Severity::Note);
    a.text(finding.code);
    a.text(finding.message);
    a.text(finding.location);
}

template <typename Archive, typename T> void visitSubscription(Archive& a, T& subscription) {
    a.enumeration(subscription.kind, WarehouseSubscription::Kind::Chart);
    for (auto* text :
         {&subscription.repoURL, &subscription.chartName, &subscription.selectionStrategy,
          &subscription.constraint, &subscription.semverConstraint, &subscription.allowTags,
          &subscription.platform, &subscription.branch, &subscription.position.file})
        a.text(*text);
    for (auto* texts :
         {&subscription.allowTagsRegexes, &subscription.ignoreTagsRegexes, &subscription.ignoreTags,
          &subscription.includePaths, &subscription.excludePaths})
        a.texts(*texts);
    a.optionalNumber(subscription.discoveryLimit);
    a.flag(subscription.strictSemvers);
    a.number(subscription.position.line);
    a.number(subscription.position.column);
}

template <typename Archive, typename T> void visitFreeze(Archive& a, T& window) {
    a.flag(window.weekly);
    a.time(window.from);
    a.time(window.until);
    a.number(window.fromDay);
    a.number(window.untilDay);
    for (auto* text : {&window.timeZone, &window.reason, &window.location})
        a.text(*text);
    a.clock(window.fromTime);
    a.clock(window.untilTime);
}

template <typename Archive, typename T> void visitHttpCheck(Archive& a, T& check) {
    for (auto* text : {&check.url, &check.jsonCondition, &check.location})
        a.text(*text);
    for (auto* number : {&check.expectedStatus, &check.measurements, &check.failureLimit})
        a.number(*number);
    for (auto* duration : {&check.timeout, &check.within, &check.interval})
        a.seconds(*duration);
    a.flag(check.insecure);
}

template <typename Archive, typename T> void visitVerification(Archive& a, T& verification) {
    a.list(verification.httpChecks,
           [](Archive& inner, auto& check) { visitHttpCheck(inner, check); });
    a.seconds(verification.soak);
    a.flag(verification.manual);
    a.text(verification.location);
}

template <typename Archive, typename T> void visitService(Archive& a, T& service) {
    a.text(service.name);
    a.text(service.imageRepository);
    a.texts(service.subscriptions);
    a.text(service.location);
    a.list(service.warehouseSubscriptions,
           [](Archive& inner, auto& subscription) { visitSubscription(inner, subscription); });
}

template <typename Archive, typename T> void visitTarget(Archive& a, T& target) {
    a.enumeration(target.kind, PipelineTarget::Kind::HelmChart);
    for (auto* text : {&target.repoUrl, &target.branch, &target.file, &target.key, &target.image,
                       &target.value, &target.location})
        a.text(*text);
    a.texts(target.argocdApps);
}

template <typename Archive, typename T> void visitStage(Archive& a, T& stage) {
    for (auto* text : {&stage.name, &stage.service, &stage.environment, &stage.availability,
                       &stage.color, &stage.readOnlyReason, &stage.location})
        a.text(*text);
    a.texts(stage.upstream);
    a.flag(stage.direct);
    a.list(stage.targets, [](Archive& inner, auto& target) { visitTarget(inner, target); });
    a.texts(stage.argocdApps);
    a.flag(stage.policy.autoPromotion);
    a.number(stage.policy.requiredApprovals);
    a.seconds(stage.policy.soakTime);
    a.text(stage.policy.location);
    a.list(stage.policy.freezes, [](Archive& inner, auto& window) { visitFreeze(inner, window); });
    visitVerification(a, stage.policy.verification);
    a.enumeration(stage.promotion, PromotionMethod::None);
    a.flag(stage.readOnly);
}

template <typename Archive, typename T> void visitPipeline(Archive& a, T& pipeline) {
    a.enumeration(pipeline.source, Pipeline::Source::Inferred);
    a.text(pipeline.project);
    a.list(pipeline.services, [](Archive& inner, auto& service) { visitService(inner, service); });
    a.list(pipeline.stages, [](Archive& inner, auto& stage) { visitStage(inner, stage); });
    a.list(pipeline.findings, [](Archive& inner, auto& finding) { visitFinding(inner, finding); });
}

} // namespace

void PipelineCodec::write(QDataStream& out, const Pipeline& pipeline) {
    QByteArray body;
    QDataStream bodyOut(&body, QIODevice::WriteOnly);
    bodyOut.setVersion(out.version());
    Writer writer(bodyOut);
    visitPipeline(writer, pipeline);
    out << writer.strings() << body;
}

bool PipelineCodec::read(QDataStream& in, Pipeline& pipeline) {
    QStringList strings;
    QByteArray body;
    in >> strings >> body;
    if (in.status() != QDataStream::Ok)
        return false;
    QDataStream bodyIn(body);
    bodyIn.setVersion(in.version());
    Reader reader(bodyIn, std::move(strings));
    visitPipeline(reader, pipeline);
    return reader.ok() && bodyIn.atEnd();
}

} // namespace fd::core
