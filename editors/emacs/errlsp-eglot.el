;;; errlsp-eglot.el --- errlsp with eglot (Emacs 29+)  -*- lexical-binding: t; -*-

;; Eglot runs one server per buffer, so this makes errlsp *the* server of Python buffers.
;; To keep another Python server as well, use lsp-mode (errlsp-lsp-mode.el: an add-on server)
;; or an LSP multiplexer that eglot starts as its one server (see README.md).

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               ;; A project virtualenv instead: ("/path/to/.venv/bin/python" "-m" "errlsp" "serve")
               '((python-mode python-ts-mode) . ("errlsp" "serve"
                                                 ;; Optional settings, the [tool.errlsp] keys camelCased:
                                                 ;; :initializationOptions (:strict t)
                                                 ))))

;; Start it in Python buffers:
;; (add-hook 'python-mode-hook #'eglot-ensure)
;; (add-hook 'python-ts-mode-hook #'eglot-ensure)

(provide 'errlsp-eglot)
;;; errlsp-eglot.el ends here
