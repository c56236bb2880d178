// Keyboard shortcuts and the code search of the review console. Served from /js: the CSP allows no inline script.
(function () {
  'use strict';

  function typing(target) {
    return target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var key = event.key.toLowerCase();
    var button = document.querySelector('[data-shortcut="' + key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
      return;
    }
    var field = document.querySelector('[data-shortcut-focus="' + key + '"]');
    if (field) {
      event.preventDefault();
      field.focus();
      if (field.select) {
        field.select();
      }
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    var search = document.getElementById('code-search');
    var list = document.getElementById('code-list');
    if (!search || !list) {
      return;
    }
    search.addEventListener('input', function () {
      var needle = search.value.trim().toLowerCase();
      list.querySelectorAll('li').forEach(function (li) {
        li.hidden = needle !== '' && li.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });
}());
