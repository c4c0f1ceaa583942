#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace fd::core {

/**
 * The parameters one ApplicationSet generator gives one Application, flattened to dotted names
 * as the default template syntax writes them ("path.basename", "path[1]", "values.env"); lists
 * hold what goTemplate reaches with `index` ("path.segments").
 */
struct TemplateParameters final {
    QMap<QString, QString> values;
    QMap<QString, QStringList> lists;
};

/**
 * Fills ApplicationSet template strings the way Argo CD does, as far as manifests of promotion
 * repositories need it. The default (fasttemplate) syntax replaces `{{name}}` and leaves an
 * unknown `{{name}}` as written. With `goTemplate: true`, `{{ .a.b }}` and
 * `{{ index .a.b N }}` are filled (`{{-`/`-}}` trim spaces); a missing key prints Go's
 * "<no value>" (an error with `missingkey=error`); other Go template constructs are reported
 * as unsupported rather than guessed.
 */
class ApplicationSetTemplate final {
public:
    /** A filled string and what could not be filled. */
    struct Rendered final {
        QString text;
        /** Parameter names the text used but the parameters lack. */
        QStringList unknown;
        /** The first construct Freightdesk cannot evaluate; empty when none. */
        QString unsupported;
    };

    /** True when @p text holds a template action at all. */
    static bool isTemplated(const QString& text) { return text.contains(u"{{"); }
    /** @p text filled from @p parameters. */
    static Rendered render(const QString& text, const TemplateParameters& parameters,
                           bool goTemplate);
    /** Argo CD's `normalize`/SanitizeName: lower case, [^-a-z0-9.] to '-', 253 chars, trimmed. */
    static QString sanitizeName(const QString& name);
};

} // namespace fd::core
