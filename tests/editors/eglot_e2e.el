;;; eglot_e2e.el --- drive eglot against errlsp for test_editors_emacs.py  -*- lexical-binding: t; -*-

;; Loads editors/emacs/errlsp-eglot.el as a user would, opens a file, starts eglot, and records
;; what eglot receives: Flymake diagnostics, a hover, completion candidates. Every wait has its
;; own time limit; the result (or the error) is written as JSON and Emacs exits, whatever happens.
;;
;; Environment: ERRLSP_EMACS_CONFIG (editors/emacs), ERRLSP_E2E_FILE, ERRLSP_E2E_OUT,
;; ERRLSP_E2E_TIMEOUT (seconds per wait). `errlsp' must be on PATH (the test puts a shim there).

(require 'package)
;; Debian's elpa-eglot lives here; -Q skips the site-start file that would add it.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'json)
(require 'cl-lib)
(require 'eglot)
(require 'flymake)

(defvar e2e-result nil "Alist of observations, written as JSON at the end.")
(defvar e2e-timeout (string-to-number (or (getenv "ERRLSP_E2E_TIMEOUT") "20")))

(defun e2e-record (key value)
  (setq e2e-result (cons (cons key value) (assq-delete-all key e2e-result))))

(defun e2e-wait (what predicate)
  "Process events until PREDICATE is non-nil; signal an error naming WHAT after the timeout."
  (let ((deadline (+ (float-time) e2e-timeout)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or value (error "Timed out after %ss waiting for %s" e2e-timeout what))))

(defun e2e-goto-code (code)
  "Put point inside CODE in the first `assert_api_error(resp, \"CODE\"' call."
  (goto-char (point-min))
  (search-forward (format "assert_api_error(resp, \"%s\"" code))
  (backward-char (- (length code) 2)))

(defun e2e-run ()
  (load (expand-file-name "errlsp-eglot.el" (getenv "ERRLSP_EMACS_CONFIG")) nil t)
  (find-file (getenv "ERRLSP_E2E_FILE"))
  (e2e-record 'major_mode (symbol-name major-mode))
  (apply #'eglot (eglot--guess-contact))
  (let ((server (e2e-wait "eglot to connect"
                          (lambda () (let ((s (eglot-current-server)))
                                       (and s (jsonrpc-running-p s) s))))))
    (e2e-record 'server_name (plist-get (eglot--server-info server) :name))
    (e2e-record 'server_command (process-command (jsonrpc--process server)))

    ;; Diagnostics as Flymake shows them (eglot only takes pushed diagnostics).
    (let ((diagnostics
           (e2e-wait "diagnostics"
                     (lambda () (flymake-start) (flymake-diagnostics)))))
      (e2e-record 'diagnostics
                  (vconcat (mapcar (lambda (d)
                                     `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                       (text . ,(flymake-diagnostic-text d))
                                       (type . ,(symbol-name (flymake-diagnostic-type d)))))
                                   diagnostics))))

    ;; Hover, through the request eglot's eldoc function makes.
    (e2e-goto-code "PARAMETER_REQUIRED")
    (let ((hover (jsonrpc-request server :textDocument/hover
                                  (eglot--TextDocumentPositionParams)
                                  :timeout e2e-timeout)))
      (e2e-record 'hover_kind (plist-get (plist-get hover :contents) :kind))
      (e2e-record 'hover (eglot--hover-info (plist-get hover :contents))))

    ;; Completion while typing a code, through eglot's completion-at-point function.
    (goto-char (point-max))
    (insert "    assert_api_error(resp, \"PAR")
    (eglot--signal-textDocument/didChange)
    (let* ((capf (eglot-completion-at-point))
           (table (nth 2 capf))
           (prefix (buffer-substring-no-properties (nth 0 capf) (nth 1 capf))))
      (e2e-record 'completion_prefix prefix)
      (e2e-record 'completion (vconcat (all-completions "" table))))))

(let ((out (getenv "ERRLSP_E2E_OUT")))
  (condition-case err
      (with-timeout ((* 4 e2e-timeout) (e2e-record 'error "overall time limit reached"))
        (e2e-run))
    (error (e2e-record 'error (error-message-string err))))
  (with-temp-file out
    (insert (json-encode e2e-result)))
  (ignore-errors (eglot-shutdown-all))
  (kill-emacs 0))
;;; eglot_e2e.el ends here
