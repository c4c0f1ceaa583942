#include "applicationsettemplate.h"

#include <QRegularExpression>

namespace fd::core {

namespace {

const QString noValue = QStringLiteral("<no value>");

void renderFast(const QString& action, const TemplateParameters& parameters,
                ApplicationSetTemplate::Rendered& out) {
    // fasttemplate hands Argo CD the tag between the delimiters; Argo CD trims it and writes an
    // unknown one back unchanged so that it stays visible in the generated Application.
    const QString name = action.trimmed();
    const auto found = parameters.values.constFind(name);
    if (name.isEmpty() || found == parameters.values.constEnd()) {
        out.text += QStringLiteral("{{") + action + QStringLiteral("}}");
        if (!name.isEmpty())
            out.unknown.append(name);
        return;
    }
    out.text += *found;
}

/** One `{{ ... }}` action of a Go template: a field path, or `index <field path> <n>`. */
void renderGo(QString action, const TemplateParameters& parameters,
              ApplicationSetTemplate::Rendered& out) {
    static const QRegularExpression field(
        QStringLiteral(R"(^\.([A-Za-z_][\w]*(\.[A-Za-z_]\w*)*)$)"));
    static const QRegularExpression index(
        QStringLiteral(R"(^index\s+\.([A-Za-z_]\w*(\.[A-Za-z_]\w*)*)\s+(\d+)$)"));
    action = action.trimmed();
    if (const auto match = field.match(action); match.hasMatch()) {
        const QString name = match.captured(1);
        if (const auto value = parameters.values.constFind(name);
            value != parameters.values.constEnd()) {
            out.text += *value;
        } else if (const auto list = parameters.lists.constFind(name);
                   list != parameters.lists.constEnd()) {
            // Go prints a []string as "[a b c]".
            out.text += u'[' + list->join(u' ') + u']';
        } else {
            out.text += noValue;
            out.unknown.append(name);
        }
        return;
    }
    if (const auto match = index.match(action); match.hasMatch()) {
        const QString name = match.captured(1);
        const int at = match.captured(3).toInt();
        const auto list = parameters.lists.constFind(name);
        if (list == parameters.lists.constEnd()) {
            out.unknown.append(name);
            if (out.unsupported.isEmpty())
                out.unsupported = QStringLiteral("{{ %1 }} (no list '%2')").arg(action, name);
            return;
        }
        if (at >= list->size()) {
            if (out.unsupported.isEmpty())
                out.unsupported = QStringLiteral("{{ %1 }} (index out of range)").arg(action);
            return;
        }
        out.text += list->at(at);
        return;
    }
    if (out.unsupported.isEmpty())
        out.unsupported = QStringLiteral("{{ %1 }}").arg(action);
}

} // namespace

ApplicationSetTemplate::Rendered
ApplicationSetTemplate::render(const QString& text, const TemplateParameters& parameters,
                               bool goTemplate) {
    Rendered out;
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype open = text.indexOf(u"{{", at);
        if (open < 0) {
            out.text += text.mid(at);
            break;
        }
        const qsizetype close = text.indexOf(u"}}", open + 2);
        if (close < 0) {
            // Both fasttemplate and text/template refuse an unterminated action.
            out.unsupported = QStringLiteral("unterminated '{{'");
            out.text += text.mid(at);
            break;
        }
        out.text += text.mid(at, open - at);
        QString action = text.mid(open + 2, close - open - 2);
        at = close + 2;
        if (!goTemplate) {
            renderFast(action, parameters, out);
            continue;
        }
        if (action.startsWith(QStringLiteral("- "))) {
            action.remove(0, 1);
            while (!out.text.isEmpty() && out.text.back().isSpace())
                out.text.chop(1);
        }
        if (action.endsWith(QStringLiteral(" -"))) {
            action.chop(1);
            while (at < text.size() && text.at(at).isSpace())
                ++at;
        }
        renderGo(action, parameters, out);
    }
    return out;
}

QString ApplicationSetTemplate::sanitizeName(const QString& name) {
    static const QRegularExpression invalid(QStringLiteral("[^-a-z0-9.]"));
    QString sane = name.toLower();
    sane.replace(invalid, QStringLiteral("-"));
    sane.truncate(253);
    qsizetype begin = 0;
    qsizetype end = sane.size();
    while (begin < end && (sane.at(begin) == u'-' || sane.at(begin) == u'.'))
        ++begin;
    while (end > begin && (sane.at(end - 1) == u'-' || sane.at(end - 1) == u'.'))
        --end;
    return sane.mid(begin, end - begin);
}

} // namespace fd::core
