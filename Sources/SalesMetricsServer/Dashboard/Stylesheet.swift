/// The dashboard's only stylesheet (served at /assets/style.css; no inline styles).
enum Stylesheet {
    static let css = """
        :root{--ink:#1d2433;--muted:#687185;--line:#e3e7ef;--bg:#f6f7fb;--card:#fff;--accent:#3461d1;--good:#12805c;--bad:#c4332b;--flat:#687185}
        *{box-sizing:border-box}
        body{margin:0;overflow-wrap:anywhere;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
        a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
        header.top{display:flex;align-items:center;gap:24px;padding:10px 24px;background:#17203a;color:#fff;flex-wrap:wrap}
        header.top .brand{color:#fff;font-weight:700;font-size:17px;letter-spacing:.2px}
        header.top nav{display:flex;gap:4px;flex:1}
        header.top nav a{color:#c9d2ea;padding:6px 10px;border-radius:6px}
        header.top nav a.active,header.top nav a:hover{background:#2b3760;color:#fff;text-decoration:none}
        form.logout{display:flex;align-items:center;gap:10px}.who{color:#c9d2ea;font-size:12px}
        form.logout button{background:transparent;border:1px solid #55618a;color:#fff;border-radius:6px;padding:4px 10px;cursor:pointer}
        main{max-width:1280px;margin:0 auto;padding:16px 24px 32px}
        footer{max-width:1280px;margin:0 auto;padding:12px 24px 28px;color:var(--muted);font-size:12px}
        h1{font-size:24px;margin:14px 0 6px}h2{font-size:16px;margin:26px 0 10px;color:#35405a}
        .sub{font-weight:400;color:var(--muted);font-size:.7em;margin-left:6px}
        form.controls{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
        form.controls label{display:flex;flex-direction:column;font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;gap:3px}
        select,input{font:inherit;padding:5px 8px;border:1px solid #cdd3df;border-radius:6px;background:#fff;color:var(--ink);max-width:220px}
        button{font:inherit;padding:6px 14px;border-radius:6px;border:0;background:var(--accent);color:#fff;cursor:pointer}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px}
        .cards.big{grid-template-columns:repeat(auto-fill,minmax(250px,1fr))}
        .card{display:flex;flex-direction:column;gap:2px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px 8px;color:var(--ink);min-height:128px}
        .card:hover{border-color:#a9b8e6;text-decoration:none;box-shadow:0 2px 8px rgba(30,50,110,.08)}
        .card .label{font-size:12px;color:var(--muted);font-weight:600}
        .card .value{font-size:22px;font-weight:650;font-variant-numeric:tabular-nums}
        .cards.big .value{font-size:28px}
        .card .missing{margin-top:10px;color:var(--muted);font-size:12px;border:1px dashed var(--line);border-radius:6px;padding:8px}
        .delta{font-size:12px;font-weight:600}.delta small{font-weight:400;color:var(--muted)}
        .good{color:var(--good)}.bad{color:var(--bad)}.flat{color:var(--flat)}
        svg.spark{width:100%;height:36px;margin-top:auto}
        svg.spark polyline{fill:none;stroke:var(--accent);stroke-width:1.6;vector-effect:non-scaling-stroke}
        svg.spark circle{fill:var(--accent)}
        .headline{display:flex;align-items:baseline;gap:14px;margin:6px 0 4px}.headline .value{font-size:34px;font-weight:700}.headline .sample{font-size:13px;color:var(--muted)}.downloads{margin:12px 0}.downloads a.download{display:inline-block;margin-right:8px;padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card)}.review section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:4px 16px 12px;margin:12px 0}.review ul{padding-left:18px}.chart .goal{stroke:#9a5b00;stroke-width:1.5;stroke-dasharray:6 4}.chart .goal-label{fill:#9a5b00;font-size:12px}.target{font-size:12px}.target.met,.target.on_track{color:var(--good)}.target.missed,.target.behind{color:var(--bad)}.target.no_value{color:var(--muted)}.small-sample{color:#9a5b00}
        .about{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:4px 16px}
        .about code{background:#eef1f8;padding:2px 6px;border-radius:4px}
        .muted{color:var(--muted)}.note{background:#fff8e6;border:1px solid #f3dfa6;border-radius:8px;padding:8px 12px}
        .crumbs{margin:10px 0 0;color:var(--muted);font-size:12px}
        svg.chart{width:100%;height:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
        svg.chart .grid{stroke:#edf0f5}svg.chart .axis{fill:var(--muted);font-size:11px}
        svg.chart .series{fill:none;stroke:var(--accent);stroke-width:2.2}
        svg.chart .area{fill:rgba(52,97,209,.08)}
        svg.chart .point{fill:#fff;stroke:var(--accent);stroke-width:2}svg.chart .point.selected{fill:var(--accent)}
        svg.chart .bar{fill:var(--accent)}svg.chart .bar.negative{fill:var(--bad)}svg.chart .bar.predicted{fill:#b9c8ef}
        .legend{font-size:12px;color:var(--muted)}.legend .key{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 12px;vertical-align:-1px}.legend .key.predicted{background:#b9c8ef}.legend .key.observed{background:var(--accent)}
        .verdict{padding:8px 12px;border-radius:8px;margin:10px 0}.verdict.good{background:#e8f5ec;color:var(--good)}.verdict.bad{background:#fdecea;color:var(--bad)}
        .reasons{font-size:12px}.reasons .for{color:var(--good)}.reasons .against{color:var(--bad)}
        svg.chart .value{fill:var(--ink);font-size:11px}svg.chart .muted{fill:var(--muted)}
        .table-wrap{overflow-x:auto;margin-top:12px;background:var(--card);border:1px solid var(--line);border-radius:10px}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
        th,td{text-align:left;padding:7px 12px;border-bottom:1px solid var(--line);white-space:nowrap}
        th{font-size:11px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);background:#fafbfd}
        td.num,th.num{text-align:right}tr:last-child td{border-bottom:0}
        .empty{background:var(--card);border:1px dashed #c5cbd8;border-radius:10px;padding:18px 20px;color:var(--muted)}
        .empty strong{color:var(--ink)}
        .funnel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px}
        .funnel .step{display:grid;grid-template-columns:180px 1fr 90px;align-items:center;gap:12px;margin:4px 0}
        .funnel .stage{font-weight:600;text-align:right}.funnel .count{font-variant-numeric:tabular-nums}
        svg.fbar{width:100%;height:26px}svg.fbar rect{fill:var(--accent)}
        .login{max-width:440px;margin:60px auto;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:8px 28px 24px}
        .login form{display:flex;flex-direction:column;gap:14px}.login label{display:flex;flex-direction:column;gap:4px;font-weight:600}
        .login input{max-width:none}.error{color:var(--bad);font-weight:600}
        @media (max-width:700px){main{padding:10px}header.top{padding:10px;gap:10px}.cards,.cards.big{grid-template-columns:repeat(2,minmax(0,1fr))}.cards.big .value,.card .value{font-size:20px}
        .funnel .step{grid-template-columns:100px 1fr 60px}select,input{max-width:150px}.headline .value{font-size:26px}}
        """
}
