#include "setvaluecommand.h"

#include "clireporter.h"
#include "valueedit.h"
#include "yamldocument.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QSaveFile>

#include <cstdio>

namespace fd::app {

using core::Error;
using core::Result;
using core::ValueEdit;

namespace {

const QString StdStream = QStringLiteral("-");

Result<QByteArray> readInput(const QString& path) {
    QFile file;
    const bool opened = path == StdStream
                            ? file.open(stdin, QIODevice::ReadOnly)
                            : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    const QString name = path == StdStream ? QStringLiteral("<stdin>") : path;
    if (!opened)
        return Error{Error::Kind::Io, QStringLiteral("cannot read the file: ") + file.errorString(),
                     name};
    // One byte over the limit is enough to know the file is too large.
    QByteArray bytes = file.read(core::YamlDocument::MaxBytes + 1);
    if (bytes.size() > core::YamlDocument::MaxBytes)
        return Error{Error::Kind::TooLarge,
                     QStringLiteral("the file is larger than %1 MiB; Freightdesk edits values "
                                    "files, not data dumps")
                         .arg(core::YamlDocument::MaxBytes / (1024 * 1024)),
                     name};
    return bytes;
}

Result<void> writeInPlace(const QString& path, const QByteArray& bytes) {
    // QSaveFile writes beside the file and renames, so a failure never leaves half a file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{Error::Kind::Io,
                     QStringLiteral("cannot write the file: ") + file.errorString(), path};
    return {};
}

QString shown(const std::optional<QString>& value) {
    return value ? *value : QStringLiteral("(absent)");
}

} // namespace

int SetValueCommand::run(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Set values in a YAML file (Helm values, kustomization.yaml) in place, changing only the\n"
        "bytes of each value: comments, quoting, order and line endings stay as they are.\n\n"
        "Examples:\n"
        "  freightdesk-cli set-value --file env/prod/frontend/values.yaml --key image.tag --value "
        "1.0.12\n"
        "  freightdesk-cli set-value --file env/dev/kustomization.yaml --image "
        "ghcr.io/acme/app:v2\n"
        "  cat values.yaml | freightdesk-cli set-value --file - --key image.tag --value 1.0.12"));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("file"), QStringLiteral("The YAML file to edit, or - for stdin to stdout."),
         QStringLiteral("FILE")},
        {QStringLiteral("key"),
         QStringLiteral("A key path as Kargo's yaml-update writes it (image.tag, "
                        "containers.0.image, a\\.b); repeat with --value."),
         QStringLiteral("KEY")},
        {QStringLiteral("value"), QStringLiteral("The new value of the preceding --key."),
         QStringLiteral("VALUE")},
        {QStringLiteral("image"),
         QStringLiteral("A Kustomize image as `kustomize edit set image` takes it: "
                        "NAME:TAG, NAME@DIGEST, NAME=NEWNAME:TAG."),
         QStringLiteral("IMAGE")},
        {QStringLiteral("json"), QStringLiteral("Print the result as one JSON object.")},
    });
    const bool json = arguments.contains(QStringLiteral("--json"));
    const CliReporter reporter(json);
    const QString command = QStringLiteral("set-value");
    if (const auto done = reporter.parse(parser, arguments, command))
        return *done;
    const QString path = parser.value(QStringLiteral("file"));
    if (path.isEmpty())
        return reporter.usageError(QStringLiteral("--file is required"), command);
    const QStringList keys = parser.values(QStringLiteral("key"));
    const QStringList values = parser.values(QStringLiteral("value"));
    if (keys.size() != values.size())
        return reporter.usageError(
            QStringLiteral("each --key needs one --value (%1 keys, %2 values)")
                .arg(keys.size())
                .arg(values.size()),
            command);
    QList<ValueEdit> edits;
    for (qsizetype i = 0; i < keys.size(); ++i)
        edits.append(ValueEdit{ValueEdit::Kind::YamlKey, path, keys.at(i), {}, values.at(i)});
    for (const QString& image : parser.values(QStringLiteral("image"))) {
        auto imageEdits = ValueEdit::fromImage(path, image);
        if (!imageEdits)
            return reporter.usageError(imageEdits.error().toString(), command);
        edits.append(*imageEdits);
    }
    if (edits.isEmpty())
        return reporter.usageError(
            QStringLiteral("nothing to set: give --key and --value, or --image"), command);

    auto bytes = readInput(path);
    if (!bytes)
        return reporter.failure(bytes.error());
    auto document =
        core::YamlDocument::parse(*bytes, path == StdStream ? QStringLiteral("<stdin>") : path);
    if (!document)
        return reporter.failure(document.error());

    QJsonArray applied;
    QStringList lines;
    for (const ValueEdit& edit : std::as_const(edits)) {
        auto before = edit.currentIn(*document);
        if (!before)
            return reporter.failure(before.error());
        if (auto set = edit.applyTo(*document); !set)
            return reporter.failure(set.error());
        const QString target = edit.describe().mid(path.size() + 2);
        applied.append(
            QJsonObject{{QStringLiteral("target"), target},
                        {QStringLiteral("old"), *before ? QJsonValue(**before) : QJsonValue()},
                        {QStringLiteral("new"), edit.value}});
        lines.append(QStringLiteral("%1: %2 -> %3").arg(target, shown(*before), edit.value));
    }

    const bool changed = document->bytes() != *bytes;
    QJsonObject result{{QStringLiteral("file"), path},
                       {QStringLiteral("changed"), changed},
                       {QStringLiteral("edits"), applied}};
    if (path == StdStream) {
        if (json) {
            result.insert(QStringLiteral("content"), QString::fromUtf8(document->bytes()));
            return reporter.success(result, {});
        }
        CliReporter::writeOut(document->bytes());
        return ExitSuccess;
    }
    if (changed) {
        if (auto written = writeInPlace(path, document->bytes()); !written)
            return reporter.failure(written.error());
    }
    return reporter.success(result, lines.join(QLatin1Char('\n')));
}

} // namespace fd::app
