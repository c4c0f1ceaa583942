#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::ui {

/**
 * One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote, CR or LF (quotes
 * doubled). A field a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
 * gets a leading ' first, so an exported commit message cannot run in the reader's spreadsheet.
 */
QString csvField(const QString& field);
/** Fields joined by commas, without a line end. */
QString csvRecord(const QStringList& fields);
/** Records as UTF-8, each ended by CRLF (RFC 4180). */
QByteArray csvDocument(const QList<QStringList>& records);

/**
 * Writes @p bytes to @p path through a QSaveFile, so a failed write leaves an older file as it
 * was; blocking, for a worker thread. Errors name the file.
 */
core::Result<void> writeFileAtomically(const QString& path, const QByteArray& bytes);

} // namespace fd::ui
