(function () {
  var el = document.getElementById('time-left');
  if (!el) { return; }
  var expires = Date.parse(el.getAttribute('data-expires'));
  function two(n) { return n < 10 ? '0' + n : String(n); }
  function tick() {
    var s = Math.floor((expires - Date.now()) / 1000);
    if (!(s > 0)) {
      el.textContent = 'expired: reload the page';
      var buttons = document.querySelectorAll('#decide button');
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
      return;
    }
    var d = Math.floor(s / 86400);
    el.textContent = (d > 0 ? d + ' d ' : '') + two(Math.floor(s % 86400 / 3600)) + ':' +
        two(Math.floor(s % 3600 / 60)) + ':' + two(s % 60) + ' left';
    setTimeout(tick, 1000);
  }
  tick();
})();
