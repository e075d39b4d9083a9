/**
 * `errlsp: Show Catalog Entry for Code at Cursor`.
 *
 * Kept simple on purpose: the server already answers go-to-definition on a code literal with
 * the code's line in its catalog file (built-in catalogs too), so the command opens that line
 * beside the editor; where there is no definition it shows the hover (message, status, field).
 */

import * as vscode from 'vscode';

type DefinitionResult = vscode.Location | vscode.LocationLink;

function target(result: DefinitionResult): { uri: vscode.Uri; range: vscode.Range } {
    return 'targetUri' in result
        ? { uri: result.targetUri, range: result.targetSelectionRange ?? result.targetRange }
        : { uri: result.uri, range: result.range };
}

export async function showCatalogEntry(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
        await vscode.window.showInformationMessage('errlsp: open a Python file and put the cursor on an error code.');
        return;
    }
    const position = editor.selection.active;
    const results =
        (await vscode.commands.executeCommand<DefinitionResult[] | undefined>(
            'vscode.executeDefinitionProvider',
            editor.document.uri,
            position,
        )) ?? [];
    const entry = results.map(target).find((item) => item.uri.toString() !== editor.document.uri.toString());
    if (entry !== undefined) {
        const document = await vscode.workspace.openTextDocument(entry.uri);
        await vscode.window.showTextDocument(document, {
            viewColumn: vscode.ViewColumn.Beside,
            selection: entry.range,
            preserveFocus: false,
        });
        return;
    }
    const hovers =
        (await vscode.commands.executeCommand<vscode.Hover[] | undefined>(
            'vscode.executeHoverProvider',
            editor.document.uri,
            position,
        )) ?? [];
    if (hovers.length > 0) {
        await vscode.commands.executeCommand('editor.action.showHover');
        return;
    }
    await vscode.window.showInformationMessage('errlsp: no documented error code at the cursor.');
}
