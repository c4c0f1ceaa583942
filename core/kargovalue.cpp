#include "kargovalue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace fd::core {

namespace {

bool isIdentifier(const QString& text) {
    if (text.isEmpty() || text.front().isDigit())
        return false;
    for (const QChar c : text) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$')) ||
            c.unicode() > 0x7f)
            return false;
    }
    return true;
}

// Output keys are written the way a person writes them: .name, or ['weird-name'].
QString keyPathText(const QString& path) {
    QString out;
    for (const QString& key : path.split(QLatin1Char('.'))) {
        if (isIdentifier(key))
            out += QLatin1Char('.') + key;
        else
            out += QStringLiteral("['%1']").arg(key);
    }
    return out;
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
bool goIsPrint(char32_t c) {
    if (c == U' ')
        return true;
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

QString hex(char32_t c, int width) {
    return QStringLiteral("%1").arg(static_cast<uint>(c), width, 16, QLatin1Char('0'));
}

QString goJsonString(const QString& text) {
    QString out = QStringLiteral("\"");
    for (const char32_t c : text.toUcs4()) {
        switch (c) {
        case U'"':
            out += QStringLiteral("\\\"");
            break;
        case U'\\':
            out += QStringLiteral("\\\\");
            break;
        case U'\n':
            out += QStringLiteral("\\n");
            break;
        case U'\r':
            out += QStringLiteral("\\r");
            break;
        case U'\t':
            out += QStringLiteral("\\t");
            break;
        case U'\b':
            out += QStringLiteral("\\b");
            break;
        case U'\f':
            out += QStringLiteral("\\f");
            break;
        // encoding/json escapes HTML characters and JavaScript line separators by default.
        case U'<':
        case U'>':
        case U'&':
        case 0x2028:
        case 0x2029:
            out += QStringLiteral("\\u") + hex(c, 4);
            break;
        default:
            if (c < 0x20)
                out += QStringLiteral("\\u") + hex(c, 4);
            else if (c >= 0xd800 && c <= 0xdfff)
                out += QStringLiteral("\\ufffd"); // a lone surrogate is invalid UTF-8 to Go
            else
                out += QString::fromUcs4(&c, 1);
        }
    }
    return out + QLatin1Char('"');
}

QString goNumber(double value) {
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    const double magnitude = std::fabs(value);
    // encoding/json switches to exponent form outside [1e-6, 1e21), with a short exponent.
    if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
        QString text = QString::number(value, 'e', QLocale::FloatingPointShortest);
        static const QRegularExpression padded(QStringLiteral("e([+-])0(\\d)$"));
        text.replace(padded, QStringLiteral("e\\1\\2"));
        return text;
    }
    return QString::number(value, 'f', QLocale::FloatingPointShortest);
}

KargoValue fromJson(const QJsonValue& json) {
    switch (json.type()) {
    case QJsonValue::Bool:
        return KargoValue(json.toBool());
    case QJsonValue::Double:
        return KargoValue(json.toDouble());
    case QJsonValue::String:
        return KargoValue(json.toString());
    case QJsonValue::Array: {
        QList<KargoValue> list;
        for (const QJsonValue& item : json.toArray())
            list.append(fromJson(item));
        return KargoValue(list);
    }
    case QJsonValue::Object: {
        QMap<QString, KargoValue> map;
        const QJsonObject object = json.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            map.insert(it.key(), fromJson(it.value()));
        return KargoValue(map);
    }
    default:
        return KargoValue();
    }
}

// Go's strconv.ParseFloat for decimal text (hexadecimal floats are not recognised).
std::optional<double> goParseFloat(const QString& text) {
    static const QRegularExpression decimal(
        QStringLiteral("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$"));
    static const QRegularExpression special(QStringLiteral("^([+-]?)(inf|infinity|nan)$"),
                                            QRegularExpression::CaseInsensitiveOption);
    if (const auto match = special.match(text); match.hasMatch()) {
        if (match.captured(2).compare(QStringLiteral("nan"), Qt::CaseInsensitive) == 0)
            return std::nan("");
        return match.captured(1) == QStringLiteral("-") ? -INFINITY : INFINITY;
    }
    if (!decimal.match(text).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double value = QLocale::c().toDouble(text, &ok);
    if (!ok || std::isinf(value))
        return std::nullopt; // out of range: Go reports ErrRange
    return value;
}

std::optional<bool> goParseBool(const QString& text) {
    static const QStringList yes{QStringLiteral("1"),    QStringLiteral("t"),
                                 QStringLiteral("T"),    QStringLiteral("TRUE"),
                                 QStringLiteral("true"), QStringLiteral("True")};
    static const QStringList no{QStringLiteral("0"),     QStringLiteral("f"),
                                QStringLiteral("F"),     QStringLiteral("FALSE"),
                                QStringLiteral("false"), QStringLiteral("False")};
    if (yes.contains(text))
        return true;
    if (no.contains(text))
        return false;
    return std::nullopt;
}

std::optional<KargoValue> goParseJson(const QString& text) {
    // QJsonDocument wants an array or object at the top; Go takes any JSON value.
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson((QLatin1Char('[') + text + QLatin1Char(']')).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray() ||
        document.array().size() != 1)
        return std::nullopt;
    return fromJson(document.array().first());
}

} // namespace

QString KargoDeferred::toString() const {
    QString originArgument;
    if (!origin.isEmpty())
        originArgument = QStringLiteral(", warehouse(%1)").arg(origin);
    QString call;
    switch (source) {
    case Source::Image:
        call = QStringLiteral("imageFrom(%1%2)").arg(subject, originArgument);
        break;
    case Source::Commit:
        call = QStringLiteral("commitFrom(%1%2)").arg(subject, originArgument);
        break;
    case Source::Chart:
        call = QStringLiteral("chartFrom(%1%2%3)")
                   .arg(subject, chart.isEmpty() ? QString() : QStringLiteral(", ") + chart,
                        originArgument);
        break;
    case Source::StepOutput:
        return QStringLiteral("outputs['%1']").arg(subject) +
               (field.isEmpty() ? QString() : keyPathText(field));
    case Source::TaskOutput:
        return QStringLiteral("task.outputs['%1']").arg(subject) +
               (field.isEmpty() ? QString() : keyPathText(field));
    case Source::Context:
        return field.isEmpty() ? QStringLiteral("ctx") : QStringLiteral("ctx.") + field;
    }
    return field.isEmpty() ? call : call + QLatin1Char('.') + field;
}

KargoValue::KargoValue(bool value)
    : m_type(Type::Bool)
    , m_bool(value) {}

KargoValue::KargoValue(double value)
    : m_type(Type::Number)
    , m_number(value) {}

KargoValue::KargoValue(const QString& value)
    : m_type(Type::String)
    , m_string(value) {}

KargoValue::KargoValue(const QList<KargoValue>& list)
    : m_type(Type::List)
    , m_list(list) {}

KargoValue::KargoValue(const QMap<QString, KargoValue>& map)
    : m_type(Type::Map)
    , m_map(map) {}

KargoValue::KargoValue(const KargoDeferred& deferred)
    : m_type(Type::Deferred)
    , m_parts{deferred} {}

KargoValue KargoValue::fromParts(const QList<KargoPart>& parts) {
    QList<KargoPart> merged;
    for (const KargoPart& part : parts) {
        if (const auto* text = std::get_if<QString>(&part)) {
            if (text->isEmpty())
                continue;
            if (!merged.isEmpty() && std::holds_alternative<QString>(merged.back())) {
                std::get<QString>(merged.back()) += *text;
                continue;
            }
        }
        merged.append(part);
    }
    if (merged.isEmpty())
        return KargoValue(QString());
    if (merged.size() == 1 && std::holds_alternative<QString>(merged.front()))
        return KargoValue(std::get<QString>(merged.front()));
    if (merged.size() == 1)
        return KargoValue(std::get<KargoDeferred>(merged.front()));
    KargoValue value;
    value.m_type = Type::Template;
    value.m_parts = merged;
    return value;
}

KargoValue KargoValue::fromRenderedTemplate(const QString& rendered) {
    // A block scalar (|) ends in a newline; Kargo looks at the text without it.
    QString text = rendered;
    const bool removedNewline = text.endsWith(QLatin1Char('\n'));
    if (removedNewline)
        text.chop(1);
    const QString asString = removedNewline ? text + QLatin1Char('\n') : text;
    if (text.size() > 1 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"')))
        return KargoValue(text.mid(1, text.size() - 2) +
                          (removedNewline ? QStringLiteral("\n") : QString()));
    // Numbers before bools, so that "0" and "1" are numbers.
    if (const auto number = goParseFloat(text))
        return KargoValue(*number);
    if (const auto boolean = goParseBool(text))
        return KargoValue(*boolean);
    if (const auto json = goParseJson(text))
        return *json;
    return KargoValue(asString);
}

QString KargoValue::toString() const {
    switch (m_type) {
    case Type::String:
        return m_string;
    case Type::Deferred:
    case Type::Template: {
        QString out;
        for (const KargoPart& part : m_parts) {
            if (const auto* text = std::get_if<QString>(&part))
                out += *text;
            else
                out += QStringLiteral("${{ %1 }}").arg(std::get<KargoDeferred>(part).toString());
        }
        return out;
    }
    default:
        return goJson(*this);
    }
}

QList<KargoPart> KargoValue::parts() const {
    if (!isKnown())
        return m_parts;
    const QString text = toString();
    return text.isEmpty() ? QList<KargoPart>() : QList<KargoPart>{text};
}

QList<KargoDeferred> KargoValue::deferred() const {
    QList<KargoDeferred> out;
    for (const KargoPart& part : m_parts) {
        if (const auto* deferred = std::get_if<KargoDeferred>(&part))
            out.append(*deferred);
    }
    return out;
}

QString KargoValue::typeName() const {
    switch (m_type) {
    case Type::Null:
        return QStringLiteral("<nil>");
    case Type::Bool:
        return QStringLiteral("bool");
    case Type::Number:
        return QStringLiteral("float64");
    case Type::String:
        return QStringLiteral("string");
    case Type::List:
        return QStringLiteral("[]interface {}");
    case Type::Map:
        return QStringLiteral("map[string]interface {}");
    case Type::Deferred:
        return QStringLiteral("deferred value");
    case Type::Template:
        return QStringLiteral("template");
    }
    return {};
}

bool KargoValue::operator==(const KargoValue& other) const {
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == other.m_bool;
    case Type::Number:
        return m_number == other.m_number;
    case Type::String:
        return m_string == other.m_string;
    case Type::List:
        return m_list == other.m_list;
    case Type::Map:
        return m_map == other.m_map;
    case Type::Deferred:
    case Type::Template:
        return m_parts == other.m_parts;
    }
    return false;
}

QString goQuote(const QString& text) {
    QString out = QStringLiteral("\"");
    for (const char32_t c : text.toUcs4()) {
        switch (c) {
        case U'"':
            out += QStringLiteral("\\\"");
            continue;
        case U'\\':
            out += QStringLiteral("\\\\");
            continue;
        case U'\a':
            out += QStringLiteral("\\a");
            continue;
        case U'\b':
            out += QStringLiteral("\\b");
            continue;
        case U'\f':
            out += QStringLiteral("\\f");
            continue;
        case U'\n':
            out += QStringLiteral("\\n");
            continue;
        case U'\r':
            out += QStringLiteral("\\r");
            continue;
        case U'\t':
            out += QStringLiteral("\\t");
            continue;
        case U'\v':
            out += QStringLiteral("\\v");
            continue;
        default:
            break;
        }
        if (c >= 0xd800 && c <= 0xdfff)
            out += QStringLiteral("\\ufffd");
        else if (goIsPrint(c))
            out += QString::fromUcs4(&c, 1);
        else if (c < 0x20 || c == 0x7f)
            out += QStringLiteral("\\x") + hex(c, 2);
        else if (c < 0x10000)
            out += QStringLiteral("\\u") + hex(c, 4);
        else
            out += QStringLiteral("\\U") + hex(c, 8);
    }
    return out + QLatin1Char('"');
}

QString goJson(const KargoValue& value) {
    switch (value.type()) {
    case KargoValue::Type::Null:
        return QStringLiteral("null");
    case KargoValue::Type::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case KargoValue::Type::Number:
        return goNumber(value.toNumber());
    case KargoValue::Type::String:
    case KargoValue::Type::Deferred:
    case KargoValue::Type::Template:
        return goJsonString(value.toString());
    case KargoValue::Type::List: {
        QStringList items;
        for (const KargoValue& item : value.list())
            items.append(goJson(item));
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    case KargoValue::Type::Map: {
        QStringList items;
        for (auto it = value.map().begin(); it != value.map().end(); ++it)
            items.append(goJsonString(it.key()) + QLatin1Char(':') + goJson(it.value()));
        return QLatin1Char('{') + items.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    }
    return {};
}

} // namespace fd::core
