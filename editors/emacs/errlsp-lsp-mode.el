;;; errlsp-lsp-mode.el --- errlsp as an lsp-mode add-on server  -*- lexical-binding: t; -*-

;; `:add-on? t' makes lsp-mode start errlsp *next to* your main Python server (pyright, pylsp,
;; ruff...), so errlsp's diagnostics, hovers and completions join theirs in the same buffer.

(with-eval-after-load 'lsp-mode
  (defcustom errlsp-command '("errlsp" "serve")
    "Command that starts errlsp, e.g. (\"/path/to/.venv/bin/python\" \"-m\" \"errlsp\" \"serve\")."
    :type '(repeat string)
    :group 'lsp-mode)

  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () errlsp-command))
    :activation-fn (lsp-activate-on "python")
    :add-on? t
    :priority -2
    :server-id 'errlsp
    ;; Optional settings, the [tool.errlsp] keys camelCased, e.g. (list :strict t).
    :initialization-options (lambda () (make-hash-table)))))

;; Start lsp-mode in Python buffers as usual:
;; (add-hook 'python-mode-hook #'lsp-deferred)
;; (add-hook 'python-ts-mode-hook #'lsp-deferred)

(provide 'errlsp-lsp-mode)
;;; errlsp-lsp-mode.el ends here
