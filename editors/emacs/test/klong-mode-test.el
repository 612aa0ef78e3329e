;;; klong-mode-test.el --- Tests of klong-mode's syntax and highlighting -*- lexical-binding: t -*-

;;; Commentary:

;; emacs --batch -L editors/emacs -l editors/emacs/test/klong-mode-test.el \
;;       -f ert-run-tests-batch-and-exit        (editors/test/run.sh runs it)

;;; Code:

(require 'ert)
(require 'klong-mode)

(defun klong-mode-test--classes (text)
  "TEXT with each character replaced by its class: c comment, s string, . other."
  (with-temp-buffer
    (insert text)
    (klong-mode)
    (syntax-propertize (point-max))
    (mapconcat
     (lambda (pos)
       (let ((state (save-excursion (syntax-ppss (1+ pos)))))
         (cond ((eq (char-after pos) ?\n) "\n")
               ((nth 4 state) "c")
               ((nth 3 state) "s")
               (t "."))))
     (number-sequence (point-min) (1- (point-max))) "")))

(ert-deftest klong-mode-comments-and-strings ()
  ;; a character counts as inside when the state after it is (a closing quote is not)
  (should (equal (klong-mode-test--classes ":\"a \"\"q\"\" b\" x")
                 "ccccccccccc..."))
  (should (equal (klong-mode-test--classes "a::\"s:\"\"t\" 1")
                 "...ssssss..."))
  ;; :: then a string, not a comment; 0c" is a character, not a string
  (should (equal (klong-mode-test--classes "a::\"x\"\nb::0c\"\nc::1")
                 "...ss.\n......\n...."))
  ;; a comment and a string over lines; an unclosed comment runs to the end
  (should (equal (klong-mode-test--classes ":\"a\nb\"\n\"c\nd\"\n:\"e\nf")
                 "ccc\nc.\nss\ns.\nccc\nc")))

(ert-deftest klong-mode-strings-after-edits ()
  ;; syntax properties follow an edit that closes a string earlier
  (with-temp-buffer
    (insert "a::\"x\ny::1\n")
    (klong-mode)
    (syntax-propertize (point-max))
    (should (nth 3 (syntax-ppss (- (point-max) 2))))
    (goto-char 6)
    (insert "\"")
    (should-not (nth 3 (syntax-ppss (- (point-max) 2))))))

(defun klong-mode-test--face (text needle)
  "The face of the first character of NEEDLE in TEXT, fontified by `klong-mode'."
  (with-temp-buffer
    (insert text)
    (klong-mode)
    (font-lock-ensure)
    (goto-char (point-min))
    (search-forward needle)
    (get-text-property (match-beginning 0) 'face)))

(ert-deftest klong-mode-font-lock ()
  (let ((text "sq::{x*x}\nn::.p(:foo)\n:\"note\"\ns::\"str\"\n+/1 2 3\n"))
    (should (eq (klong-mode-test--face text "sq") 'font-lock-function-name-face))
    (should (eq (klong-mode-test--face text "n::") 'font-lock-variable-name-face))
    (should (eq (klong-mode-test--face text ".p") 'font-lock-builtin-face))
    (should (eq (klong-mode-test--face text ":foo") 'font-lock-constant-face))
    (should (eq (klong-mode-test--face text "note") 'font-lock-comment-face))
    (should (eq (klong-mode-test--face text "str") 'font-lock-string-face))
    (should (eq (klong-mode-test--face text "/") 'font-lock-keyword-face))
    (should (eq (klong-mode-test--face text "2") 'font-lock-constant-face))))

(ert-deftest klong-mode-files-and-comments ()
  (should (eq (assoc-default "x/prog.kg" auto-mode-alist #'string-match) 'klong-mode))
  (with-temp-buffer
    (klong-mode)
    (insert "a::1")
    (comment-region (point-min) (point-max))
    (should (equal (buffer-string) ":\" a::1 \""))))

(provide 'klong-mode-test)
;;; klong-mode-test.el ends here
